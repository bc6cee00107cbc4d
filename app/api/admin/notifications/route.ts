import { getAuthDb } from "@/lib/auth/db";
import { getRuntime } from "@/lib/fleet/instance";
import { json } from "@/lib/http/errors";
import { withRoute } from "@/lib/http/route";
import { listDeliveries } from "@/lib/store/notifications";

export const dynamic = "force-dynamic";

// GET /api/admin/notifications — the configured channels and the delivery log, newest first.
export const GET = withRoute({ role: "admin" }, () =>
  json({ channels: getRuntime()?.notifier?.channels() ?? [], deliveries: listDeliveries(getAuthDb(), 200) }),
);
