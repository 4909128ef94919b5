import { describe, expect, it } from "vitest";
import { getOptionalUser, requireAdmin, requireCooperative, requireStaff, requireUser } from "~/services/auth.server";
import { createTestCooperative, createTestUser, getRequest } from "../support/auth";

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the guard to throw a Response");
}

describe("role guards", () => {
  it("sends a logged-out visitor to the login page with the page to come back to", async () => {
    const request = await getRequest("/staff/orders?status=paid");
    const response = await thrown(requireStaff(request));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!, "http://x");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe("/staff/orders?status=paid");
    expect(await getOptionalUser(request)).toBeNull();
  });

  it("gives a shopper 403 on staff, admin and cooperative guards", async () => {
    const shopper = await createTestUser();
    for (const guard of [requireStaff, requireAdmin, requireCooperative]) {
      const response = await thrown(guard(await getRequest("/staff", { email: shopper.email })));
      expect(response.status).toBe(403);
    }
    const user = await requireUser(await getRequest("/account", { email: shopper.email }));
    expect(user).toMatchObject({ id: shopper.id, email: shopper.email, role: "shopper", cooperatives: [] });
  });

  it("lets staff in but not to admin pages; admins everywhere staff go", async () => {
    const staff = await createTestUser({ role: "staff" });
    const admin = await createTestUser({ role: "admin" });
    expect((await requireStaff(await getRequest("/staff", { email: staff.email }))).role).toBe("staff");
    expect((await thrown(requireAdmin(await getRequest("/staff/users", { email: staff.email })))).status).toBe(403);
    expect((await requireStaff(await getRequest("/staff", { email: admin.email }))).role).toBe("admin");
    expect((await requireAdmin(await getRequest("/staff/users", { email: admin.email }))).role).toBe("admin");
    // Staff without a membership are not cooperative members.
    expect((await thrown(requireCooperative(await getRequest("/coop", { email: admin.email })))).status).toBe(403);
  });

  it("gives a member their cooperative", async () => {
    const coop = await createTestCooperative();
    const member = await createTestUser({ cooperatives: [{ slug: coop.slug, role: "owner" }] });
    const { user, cooperative } = await requireCooperative(await getRequest("/coop", { email: member.email }));
    expect(user.id).toBe(member.id);
    expect(cooperative).toMatchObject({ id: coop.id, slug: coop.slug, role: "owner" });
  });
});
