import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ReactNode } from "react";
import { SubmitButton } from "~/components/forms";
import { AddressForm } from "~/components/address/address-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  createAddress,
  deleteAddress,
  formValuesFromAddress,
  getAddress,
  listAddresses,
  MAX_ADDRESSES_PER_USER,
  setDefaultAddress,
  updateAddress,
  type SavedAddress,
} from "~/models/address.server";
import ordersStyles from "~/styles/orders.css";
import { addressFormSchema, addressIdField, addressPageQuery, typedAddressValues, type AddressFormValues } from "~/utils/address-form.server";
import { requireUser } from "~/services/auth.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { regionChoices, resolveAddressRegion } from "~/utils/regions.server";
import { readForm } from "~/utils/form-data.server";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }, { name: "robots", content: "noindex" }];

function valuesOf(address: SavedAddress): AddressFormValues {
  return { recipient: address.recipient, ...formValuesFromAddress(address), isDefault: address.isDefault ? "on" : "" };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getFixedT(await getLocale(request), "orders");
  const parsed = addressPageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const search = parsed.success ? parsed.data : {};
  const addresses = await listAddresses(db(), { userId: user.id });
  const editing = search.edit ? addresses.find((address) => address.id === search.edit) ?? null : null;
  const values: AddressFormValues = editing ? valuesOf(editing) : {};
  return json(
    {
      title: t("account.addresses.title"),
      addresses,
      editing: editing ? { id: editing.id, values } : null,
      done: search.done ?? null,
      full: addresses.length >= MAX_ADDRESSES_PER_USER,
      maxAddresses: MAX_ADDRESSES_PER_USER,
      regions: regionChoices({ province: values.province, city: values.city }),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type FormFailure = { intent: "create" | "update"; addressId?: number; errors: FieldErrors; values: AddressFormValues; regions: ReturnType<typeof regionChoices> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");

  if (intent === "delete" || intent === "default") {
    const addressId = addressIdField.safeParse(form.get("addressId"));
    if (!addressId.success) return json({ error: "Bad address" }, { status: 400 });
    const done = intent === "delete" ? await deleteAddress(db(), { userId: user.id, addressId: addressId.data }) : await setDefaultAddress(db(), { userId: user.id, addressId: addressId.data });
    if (!done) throw notFound();
    return redirect(`/account/addresses?done=${intent === "delete" ? "deleted" : "default"}`, 303);
  }
  if (intent !== "create" && intent !== "update") return json({ error: "Unknown action" }, { status: 400 });

  const values = typedAddressValues(form);
  const addressId = intent === "update" ? addressIdField.safeParse(form.get("addressId")) : null;
  if (addressId && !addressId.success) return json({ error: "Bad address" }, { status: 400 });
  const failure = (errors: FieldErrors, status: number) =>
    json<FormFailure>({ intent, addressId: addressId?.data, errors, values, regions: regionChoices({ province: values.province, city: values.city }) }, { status });

  // Without JavaScript, choosing a province or city is a round trip that lists the next level.
  if (form.get("regions")) return failure({}, 200);

  const parsed = parseForm(addressFormSchema, form);
  if (!parsed.ok) return failure({ ...parsed.errors, form: "form" }, 400);
  const region = resolveAddressRegion(parsed.data);
  if (!region) return failure({ district: "region", form: "form" }, 400);
  const input = {
    recipient: parsed.data.recipient,
    phone: parsed.data.phone,
    province: region.province.name,
    city: region.city.name,
    district: region.district.name,
    regionCode: region.district.code,
    street: parsed.data.street,
    postcode: parsed.data.postcode,
    isDefault: parsed.data.isDefault,
  };

  if (addressId) {
    if (!(await getAddress(db(), { userId: user.id, addressId: addressId.data }))) throw notFound();
    const updated = await updateAddress(db(), { userId: user.id, addressId: addressId.data, input });
    if (!updated) throw notFound();
  } else {
    const created = await createAddress(db(), { userId: user.id, input });
    if (!created.ok) return failure({ form: "tooMany" }, 400);
  }
  return redirect("/account/addresses?done=saved", 303);
}

/** A one-button form acting on one saved address (make it the default, delete it). */
function AddressActionForm({ intent, addressId, className, label, children }: { intent: "default" | "delete"; addressId: number; className: string; label: string; children: ReactNode }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="addressId" value={addressId} />
      <SubmitButton intent={intent} pendingFor={{ addressId: String(addressId) }} className={className} aria-label={label}>
        {children}
      </SubmitButton>
    </Form>
  );
}

export default function AccountAddresses() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("orders");
  const failure = actionData && "intent" in actionData ? actionData : null;
  const doneMessage = { saved: "account.addresses.saved", deleted: "account.addresses.deleted", default: "account.addresses.defaultChanged" } as const;

  // A refused submission shows what was typed; otherwise the address being edited, or an empty form.
  const form = failure
    ? { intent: failure.intent, addressId: failure.addressId, values: failure.values, errors: failure.errors, regions: failure.regions }
    : data.editing
      ? { intent: "update" as const, addressId: data.editing.id, values: data.editing.values, errors: {}, regions: data.regions }
      : { intent: "create" as const, addressId: undefined, values: {}, errors: {}, regions: data.regions };

  return (
    <section aria-labelledby="addresses-title">
      <h1 id="addresses-title">{t("account.addresses.title")}</h1>
      <p className="muted">{t("account.addresses.intro")}</p>
      {data.done && !failure ? (
        <p className="notice" role="status">{t(doneMessage[data.done])}</p>
      ) : null}
      {data.addresses.length === 0 ? (
        <p>{t("account.addresses.empty")}</p>
      ) : (
        <ul className="address-list" data-testid="address-list">
          {data.addresses.map((address) => (
            <li key={address.id} className="card address-card" data-testid="address">
              <p>
                <strong>{address.recipient}</strong> · {address.phone}{" "}
                {address.isDefault ? <span className="badge">{t("account.addresses.defaultBadge")}</span> : null}
              </p>
              <p>
                {[address.province, address.city === address.province ? null : address.city, address.district].filter(Boolean).join(" ")}
                <br />
                {address.street}
                {address.postcode ? ` ${address.postcode}` : ""}
              </p>
              <div className="address-card__actions">
                <Link to={`/account/addresses?edit=${address.id}`} className="button button--ghost" aria-label={t("account.addresses.editLabel", { recipient: address.recipient })}>
                  {t("account.addresses.edit")}
                </Link>
                {address.isDefault ? null : (
                  <AddressActionForm intent="default" addressId={address.id} className="button--ghost" label={t("account.addresses.makeDefaultLabel", { recipient: address.recipient })}>
                    {t("account.addresses.makeDefault")}
                  </AddressActionForm>
                )}
                <AddressActionForm intent="delete" addressId={address.id} className="button--danger" label={t("account.addresses.deleteLabel", { recipient: address.recipient })}>
                  {t("account.addresses.delete")}
                </AddressActionForm>
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.full && form.intent === "create" ? (
        <p className="notice notice--warn">{t("account.addresses.errors.tooMany", { max: data.maxAddresses })}</p>
      ) : (
        <AddressForm
          key={`${form.intent}-${form.addressId ?? "new"}`}
          intent={form.intent}
          addressId={form.addressId}
          values={form.values}
          errors={form.errors}
          regions={form.regions}
          maxAddresses={data.maxAddresses}
        />
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
