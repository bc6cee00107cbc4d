import { capabilitiesOf } from "@/lib/auth/roles";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// GET /api/auth/me — who is signed in and what the UI may offer them.
export const GET = withRoute({ role: "viewer" }, ({ user, session }) =>
  json({
    user: { name: user.name, role: user.role, hosts: user.hosts },
    can: capabilitiesOf(user),
    sessionExpiresAt: session.expiresAt,
  }),
);
