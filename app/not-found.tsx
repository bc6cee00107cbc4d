import Link from "next/link";

export default function NotFound() {
  return (
    <main className="space-y-2 p-4">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/" className="text-blue-700 hover:underline dark:text-blue-400">
        All processes
      </Link>
    </main>
  );
}
