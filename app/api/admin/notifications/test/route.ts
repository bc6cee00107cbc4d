import { z } from "zod";
import { appendAudit } from "@/lib/audit/append";
import { getAuthDb } from "@/lib/auth/db";
import { getRuntime } from "@/lib/fleet/instance";
import { json, parseBody } from "@/lib/http/errors";
import { refuseGet, withRoute } from "@/lib/http/route";
import { RespawnError } from "@/lib/util/errors";

export const dynamic = "force-dynamic";

const TestBody = z.object({ channel: z.string().min(1).max(63) }).strict();

// POST /api/admin/notifications/test — send a test notification to one channel (audited); the log shows how it goes.
export const POST = withRoute({ role: "admin" }, async ({ request, user, address }) => {
  const { channel } = await parseBody(request, TestBody);
  const notifier = getRuntime()?.notifier;
  if (!notifier) throw new RespawnError("UNAVAILABLE", "notifications are not running (the store is not open)");
  const { id } = notifier.test(channel, user.name);
  appendAudit(getAuthDb(), { actor: user.name, address, action: "notification.test", target: channel, result: "attempted", detail: `delivery ${id}` });
  return json({ id }, { status: 202 });
});

export const GET = refuseGet;
