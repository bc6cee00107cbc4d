import { ProcessView } from "@/components/process/process-view";

export default async function ProcessPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ProcessView id={id} />;
}
