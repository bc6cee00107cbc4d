import { LoginForm } from "@/app/login/login-form";
import { isSetupTokenValid } from "@/lib/auth/setup";

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = isSetupTokenValid(token);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4">
      <h1 className="text-lg font-semibold">Respawn: create the first admin</h1>
      {valid ? (
        <LoginForm next="/" setupToken={token} />
      ) : (
        <p>This setup link is not valid: it was used, it expired, or users exist already. Sign in instead.</p>
      )}
    </main>
  );
}
