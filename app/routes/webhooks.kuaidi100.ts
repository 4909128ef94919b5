import { json, type ActionFunctionArgs } from "@remix-run/node";
import { handleKuaidi100Push } from "~/services/tracking.server";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

// Kuaidi100's tracking pushes: a form post with `param` and `sign`. Signed, so no session.

export async function loader() {
  return json({ result: false, returnCode: "405", message: "只接受 POST" }, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return loader();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return json({ result: false, returnCode: "400", message: "请求格式错误" }, { status: 400 });
  }
  const param = form.get("param");
  const sign = form.get("sign");
  const reply = await handleKuaidi100Push(db(), {
    param: typeof param === "string" ? param : null,
    sign: typeof sign === "string" ? sign : null,
    salt: getEnv().KUAIDI100_SALT,
  });
  return json(reply.body, { status: reply.status, headers: { "Cache-Control": "no-store" } });
}
