import { ProcessView } from "@/components/process/process-view";
import { requirePageUser } from "@/lib/auth/page";

export default async function ProcessPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageUser(`/p/${encodeURIComponent(id)}`);
  return <ProcessView id={id} />;
}
