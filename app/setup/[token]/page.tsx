import { cookies } from "next/headers";
import { LoginForm } from "@/app/login/login-form";
import { FLASH_COOKIE, readFlash } from "@/lib/http/form-post";
import { isSetupTokenValid } from "@/lib/auth/setup";

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = isSetupTokenValid(token);
  const flash = readFlash((await cookies()).get(FLASH_COOKIE)?.value);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4">
      <h1 className="text-lg font-semibold">Respawn: create the first admin</h1>
      {valid ? (
        <LoginForm next="/" setupToken={token} flash={flash?.text} />
      ) : (
        <p>This setup link is not valid: it was used, it expired, or users exist already. Sign in instead.</p>
      )}
    </main>
  );
}
