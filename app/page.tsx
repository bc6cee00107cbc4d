import { Overview } from "@/components/overview/overview";
import { requirePageUser } from "@/lib/auth/page";

export default async function OverviewPage() {
  await requirePageUser("/");
  return <Overview />;
}
