import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness and readiness: answers 200 once the database is open and migrated. */
export async function GET() {
  try {
    const database = await getDatabase();
    await database.executeSql("select 1");
    return Response.json({ ok: true, driver: database.driver });
  } catch (e) {
    console.error("[health]", e);
    return Response.json({ ok: false, error: "database unavailable" }, { status: 503 });
  }
}
