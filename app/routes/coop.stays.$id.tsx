import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ClaimsList } from "~/components/coop/notices";
import { formatChinaDateTime, useLocale } from "~/components/coop/locale";
import { CheckboxField, Field, SelectField, SubmitButton } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { UnitCalendar } from "~/components/stays-host/calendar";
import { ListingFieldsets } from "~/components/stays-host/listing-form";
import { Optional, StayFormProblem, StayNotice, useStayFields } from "~/components/stays-host/ui";
import { inLanguage, localized } from "~/i18n";
import { unitNightStates } from "~/models/booking.server";
import { countPictures, STAY_PICTURES } from "~/models/picture-list.server";
import {
  addRate,
  closeNights,
  createSlot,
  createUnit,
  deleteRate,
  getSlot,
  getUnit,
  listRates,
  listSlots,
  listUnits,
  publishListing,
  reopenNights,
  setListingStatus,
  setSlotCapacity,
  unmetListingClaims,
  updateListing,
  updateUnit,
} from "~/models/stay.server";
import {
  calendarQuerySchema,
  editListingSchema,
  LISTING_STATUS_CHANGES,
  listingStatusSchema,
  nightsBetween,
  nightsSchema,
  rateDeleteSchema,
  rateSchema,
  slotCapacitySchema,
  slotSchema,
  unitEditSchema,
  unitSchema,
} from "~/schemas/stay-listings";
import { requireCooperativeListing } from "~/services/coop-access.server";
import styles from "~/styles/coop.css";
import hostStyles from "~/styles/stays-host.css";
import { addDays, chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/form-errors.server";
import type { FieldErrors, FormValues } from "~/types/forms";
import { readForm } from "~/utils/form-data.server";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { formatFen } from "~/utils/money";
import { notFound } from "~/utils/responses.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: hostStyles },
];

const NO_STORE = { "Cache-Control": "private, no-store" };

function nextMonth(month: string): string {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  return mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, "0")}`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cooperative, listing } = await requireCooperativeListing(request, params);
  const locale = await getLocale(request);
  const t = await getFixedT(locale, "coopStays");
  const scope = { cooperativeId: cooperative.id, listingId: listing.id };
  const now = new Date();
  const [units, imageCount, unmetClaims, slots] = await Promise.all([
    listing.kind === "stay" ? listUnits(db(), scope) : Promise.resolve([]),
    countPictures(db(), STAY_PICTURES, listing.id),
    unmetListingClaims(db(), { cooperativeId: cooperative.id, listing }),
    listing.kind === "experience" ? listSlots(db(), { listingId: listing.id, from: now }) : Promise.resolve([]),
  ]);
  const rates = await Promise.all(units.map((unit) => listRates(db(), { cooperativeId: cooperative.id, unitId: unit.id })));

  const query = calendarQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // A unit of another listing (or cooperative) named in the address is not found, like the listing.
  if (query.unit !== undefined && !units.some((unit) => unit.id === query.unit)) throw notFound();
  const calendarUnitId = query.unit ?? units[0]?.id ?? null;
  const month = query.month ?? chinaToday(now).slice(0, 7);
  const nights = calendarUnitId === null ? [] : await unitNightStates(db(), { unitId: calendarUnitId, from: `${month}-01`, to: `${nextMonth(month)}-01`, now });

  return json(
    {
      title: t("meta.listing", { name: localized(listing, "name", locale) }),
      listing: { ...listing, access_distance_km: listing.access_distance_km === null ? null : Number(listing.access_distance_km) },
      units: units.map((unit, i) => ({ ...unit, rates: rates[i]! })),
      slots,
      imageCount,
      unmetClaims,
      calendar: { unitId: calendarUnitId, month, nights, today: chinaToday(now) },
    },
    { headers: NO_STORE },
  );
}

type Refused = {
  intent: string;
  values: ReturnType<typeof formValues> | null;
  errors: FieldErrors;
  unmetClaims?: Awaited<ReturnType<typeof unmetListingClaims>> | null;
  bookedNights?: string[] | null;
  targetId?: number | null;
};

const refuse = (body: Refused) => json(body, { status: 400 });

const STAY_ONLY = ["check_in_from", "check_out_until", "house_rules_zh", "house_rules_en", "amenities"] as const;
const EXPERIENCE_ONLY = ["included_zh", "included_en", "duration_minutes", "min_age"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { cooperative, listing } = await requireCooperativeListing(request, params);
  const cooperativeId = cooperative.id;
  const base = `/coop/stays/${listing.id}`;
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");

  /** The unit named by the form, if it is one of this listing's; anything else is not found. */
  const ownUnit = async (unitId: number) => {
    const unit = await getUnit(db(), { cooperativeId, unitId });
    if (!unit || unit.listing_id !== listing.id) throw notFound();
    return unit;
  };

  switch (intent) {
    case "save": {
      const parsed = parseForm(editListingSchema(listing.kind), formData, ["amenities"]);
      if (!parsed.ok) return refuse({ intent, values: parsed.values, errors: parsed.errors });
      // The edit form shows only the fields of the listing's kind: the others are left as they are.
      const hidden: readonly string[] = listing.kind === "stay" ? EXPERIENCE_ONLY : STAY_ONLY;
      const fields = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => !hidden.includes(key))) as typeof parsed.data;
      const result = await updateListing(db(), { cooperativeId, listingId: listing.id, fields });
      if (!result.ok) return refuse({ intent, values: parsed.values, errors: result.errors, unmetClaims: result.unmetClaims ?? null });
      return redirect(`${base}?notice=saved`);
    }
    case "status": {
      const parsed = listingStatusSchema.safeParse({ to: formData.get("to") });
      if (!parsed.success || !LISTING_STATUS_CHANGES[listing.status].includes(parsed.data.to)) return refuse({ intent, values: null, errors: { form: "choose" } });
      const to = parsed.data.to;
      if (to === "published") {
        const result = await publishListing(db(), { cooperativeId, listingId: listing.id });
        if (!result.ok) return refuse({ intent, values: null, errors: result.errors, unmetClaims: result.unmetClaims ?? null });
        return redirect(`${base}?notice=published`);
      }
      await setListingStatus(db(), { cooperativeId, listingId: listing.id, status: to });
      const notice = to === "archived" ? "archived" : listing.status === "archived" ? "restored" : "unpublished";
      return redirect(`${base}?notice=${notice}`);
    }
    case "unit-add": {
      if (listing.kind !== "stay") return refuse({ intent, values: null, errors: { form: "notAStay" } });
      const parsed = parseForm(unitSchema, formData);
      if (!parsed.ok) return refuse({ intent, values: parsed.values, errors: parsed.errors });
      const { base_price, weekend_price, ...unit } = parsed.data;
      const created = await createUnit(db(), { cooperativeId, listingId: listing.id, fields: { ...unit, base_price_fen: base_price, weekend_price_fen: weekend_price } });
      return redirect(`${base}?notice=unitAdded&unit=${created.id}#units`);
    }
    case "unit-save": {
      const parsed = parseForm(unitEditSchema, formData);
      const unitId = Number(formData.get("unit_id"));
      if (!parsed.ok) return refuse({ intent, values: parsed.values, errors: parsed.errors, targetId: Number.isSafeInteger(unitId) ? unitId : null });
      const { unit_id, base_price, weekend_price, ...unit } = parsed.data;
      await ownUnit(unit_id);
      await updateUnit(db(), { cooperativeId, unitId: unit_id, fields: { ...unit, base_price_fen: base_price, weekend_price_fen: weekend_price } });
      return redirect(`${base}?notice=unitSaved&unit=${unit_id}#unit-${unit_id}`);
    }
    case "rate-add": {
      const parsed = parseForm(rateSchema, formData);
      if (!parsed.ok) return refuse({ intent, values: parsed.values, errors: parsed.errors });
      const { unit_id, label_zh, label_en, starts_on, ends_on, price, min_nights } = parsed.data;
      await ownUnit(unit_id);
      const result = await addRate(db(), { cooperativeId, unitId: unit_id, fields: { label_zh, label_en, starts_on, ends_on, price_fen: price, min_nights } });
      if (!result.ok) {
        const errors = Object.fromEntries(Object.entries(result.errors).map(([key, value]) => [key === "starts_on" ? "first_night" : key === "ends_on" ? "last_night" : key, value]));
        return refuse({ intent, values: parsed.values, errors });
      }
      return redirect(`${base}?notice=rateAdded&unit=${unit_id}#rates`);
    }
    case "rate-delete": {
      const parsed = rateDeleteSchema.safeParse({ rate_id: formData.get("rate_id") });
      if (!parsed.success) return refuse({ intent, values: null, errors: { form: "required" } });
      // The rate must be one of this listing's units'.
      const units = await listUnits(db(), { cooperativeId, listingId: listing.id });
      const rates = await Promise.all(units.map((unit) => listRates(db(), { cooperativeId, unitId: unit.id })));
      if (!rates.flat().some((rate) => rate.id === parsed.data.rate_id)) throw notFound();
      await deleteRate(db(), { cooperativeId, rateId: parsed.data.rate_id });
      return redirect(`${base}?notice=rateDeleted#rates`);
    }
    case "close":
    case "reopen": {
      const parsed = parseForm(nightsSchema, formData);
      if (!parsed.ok) return refuse({ intent: "nights", values: parsed.values, errors: parsed.errors });
      const { unit_id, first_night, last_night } = parsed.data;
      await ownUnit(unit_id);
      const nights = nightsBetween(first_night, last_night);
      const calendar = `unit=${unit_id}&month=${first_night.slice(0, 7)}#calendar`;
      if (intent === "reopen") {
        await reopenNights(db(), { cooperativeId, unitId: unit_id, nights });
        return redirect(`${base}?notice=nightsReopened&${calendar}`);
      }
      // Nothing is closed when any of the nights is booked or held: the host hears which.
      const states = await unitNightStates(db(), { unitId: unit_id, from: first_night, to: addDays(last_night, 1), now: new Date() });
      const taken = states.filter((night) => night.state === "booked" || night.state === "held").map((night) => night.night);
      if (taken.length > 0) return refuse({ intent: "nights", values: parsed.values, errors: { form: "bookedNights" }, bookedNights: taken });
      const result = await closeNights(db(), { cooperativeId, unitId: unit_id, nights });
      if (result.booked.length > 0) return refuse({ intent: "nights", values: parsed.values, errors: { form: "bookedNights" }, bookedNights: result.booked });
      return redirect(`${base}?notice=nightsClosed&${calendar}`);
    }
    case "slot-add": {
      if (listing.kind !== "experience") return refuse({ intent, values: null, errors: { form: "notAnExperience" } });
      const parsed = parseForm(slotSchema, formData);
      if (!parsed.ok) return refuse({ intent, values: parsed.values, errors: parsed.errors });
      const startsAt = new Date(`${parsed.data.starts_on}T${parsed.data.starts_time}:00+08:00`);
      if (startsAt.getTime() <= Date.now()) return refuse({ intent, values: parsed.values, errors: { starts_on: "slotInPast" } });
      const result = await createSlot(db(), { cooperativeId, listingId: listing.id, startsAt, capacity: parsed.data.capacity, priceFen: parsed.data.price });
      if (!result.ok) return refuse({ intent, values: parsed.values, errors: { starts_time: "duplicate" } });
      return redirect(`${base}?notice=slotAdded#slots`);
    }
    case "slot-capacity": {
      const parsed = parseForm(slotCapacitySchema, formData);
      const slotId = Number(formData.get("slot_id"));
      if (!parsed.ok) return refuse({ intent, values: parsed.values, errors: parsed.errors, targetId: Number.isSafeInteger(slotId) ? slotId : null });
      const slot = await getSlot(db(), { cooperativeId, slotId: parsed.data.slot_id });
      if (!slot || slot.listing_id !== listing.id) throw notFound();
      const result = await setSlotCapacity(db(), { cooperativeId, slotId: slot.id, capacity: parsed.data.capacity });
      if (!result.ok) return refuse({ intent, values: parsed.values, errors: result.errors, targetId: slot.id });
      return redirect(`${base}?notice=slotSaved#slot-${slot.id}`);
    }
    default:
      throw new Response("Unknown request", { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const STATUS_BUTTON = { published: "publish", draft: "unpublish", archived: "archive" } as const;

export default function CoopStay() {
  const { listing, units, slots, imageCount, unmetClaims, calendar } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Refused | undefined;
  const { t } = useTranslation("coopStays");
  const locale = useLocale();
  const field = useStayFields();
  const base = `/coop/stays/${listing.id}`;
  const of = (intent: string, targetId?: number) =>
    actionData?.intent === intent && (targetId === undefined || actionData.targetId === targetId) ? actionData : null;
  const saveData = of("save");
  const statusData = of("status");
  const unitAddData = of("unit-add");
  const rateData = of("rate-add");
  const nightsData = of("nights");
  const slotData = of("slot-add");
  const name = localized(listing, "name", locale);
  const unitOptions = units.map((unit) => ({ id: unit.id, name: inLanguage(unit.name_zh, unit.name_en, locale) }));
  const statusChanges = LISTING_STATUS_CHANGES[listing.status];
  const statusClaims = statusData?.unmetClaims?.length ? statusData.unmetClaims : unmetClaims;

  return (
    <div className="coop-page">
      <p className="coop-back">
        <Link to="/coop/stays">← {t("back")}</Link>
      </p>
      <StayNotice />
      <h1>
        {name} <span className="badge badge--muted">{t(`kinds.${listing.kind}`)}</span>
      </h1>

      <section className="card" aria-labelledby="status-title">
        <h2 id="status-title">{t("page.statusTitle")}</h2>
        <p data-testid="listing-status">{t("page.currently", { status: t(`statuses.${listing.status}`) })}</p>
        {statusData && !statusData.unmetClaims?.length ? <StayFormProblem errors={statusData.errors} /> : null}
        {listing.status !== "published" && statusClaims.length > 0 ? (
          <div className={statusData ? "notice notice--error" : "notice notice--warn"} role={statusData ? "alert" : undefined}>
            <p className="coop-notice__title">{t("page.cannotPublish")}</p>
            <ClaimsList claims={statusClaims} />
          </div>
        ) : null}
        {listing.kind === "stay" && !units.some((unit) => unit.active) ? <p className="notice notice--warn">{t("page.needsUnit")}</p> : null}
        {listing.kind === "experience" && slots.length === 0 ? <p className="notice notice--warn">{t("page.needsSlot")}</p> : null}
        <div className="stay-status-actions">
          {statusChanges.map((to) => (
            <Form method="post" key={to} className="coop-inline-form">
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="to" value={to} />
              <SubmitButton className={to === "published" ? undefined : "button--ghost"} intent="status" pendingFor={{ to }}>
                {listing.status === "archived" && to === "draft" ? t("page.restore") : t(`page.${STATUS_BUTTON[to]}`)}
              </SubmitButton>
            </Form>
          ))}
          {listing.status === "published" ? <Link to={`/stays/${listing.slug}`}>{t("page.viewPublic")} →</Link> : null}
        </div>
      </section>

      <section className="card" aria-labelledby="photos-title">
        <h2 id="photos-title">{t("page.photos")}</h2>
        <p>
          {t("page.photosCount", { count: imageCount })} · <Link to={`${base}/images`}>{t("page.photosLink")} →</Link>
        </p>
      </section>

      {listing.kind === "stay" ? (
        <>
          <section className="card" id="calendar" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{t("calendar.title")}</h2>
            <UnitCalendar units={unitOptions} unitId={calendar.unitId} month={calendar.month} nights={calendar.nights} today={calendar.today} basePath={base} />
          </section>

          <section className="card" id="nights" aria-labelledby="nights-title">
            <h2 id="nights-title">{t("nights.title")}</h2>
            <p className="muted">{t("nights.intro")}</p>
            <StayFormProblem errors={nightsData?.errors} bookedNights={nightsData?.bookedNights} />
            {units.length > 0 ? (
              <Form method="post" className="coop-form" noValidate>
                <SelectField {...field({ values: nightsData?.values, errors: nightsData?.errors, idPrefix: "nights" }, "unit_id", calendar.unitId)} label={t("nights.unit")}>
                  {unitOptions.map((unit) => (
                    <option key={unit.id} value={unit.id}>
                      {unit.name}
                    </option>
                  ))}
                </SelectField>
                <div className="coop-row">
                  <Field {...field({ values: nightsData?.values, errors: nightsData?.errors, idPrefix: "nights" }, "first_night")} type="date" label={t("nights.firstNight")} required />
                  <Field {...field({ values: nightsData?.values, errors: nightsData?.errors, idPrefix: "nights" }, "last_night")} type="date" label={t("nights.lastNight")} required />
                </div>
                <div className="coop-form__actions">
                  <button type="submit" name="intent" value="close">
                    {t("nights.close")}
                  </button>
                  <button type="submit" name="intent" value="reopen" className="button--ghost">
                    {t("nights.reopen")}
                  </button>
                </div>
              </Form>
            ) : (
              <p>{t("calendar.noUnits")}</p>
            )}
          </section>

          <section className="card" id="units" aria-labelledby="units-title">
            <h2 id="units-title">{t("units.title")}</h2>
            <p className="muted">{t("units.intro")}</p>
            {units.length === 0 ? <p>{t("units.none")}</p> : null}
            <ul className="stay-units" data-testid="stay-units">
              {units.map((unit) => {
                const editData = of("unit-save", unit.id);
                const form = { values: editData?.values, errors: editData?.errors, idPrefix: `unit-${unit.id}` };
                return (
                  <li key={unit.id} id={`unit-${unit.id}`} className="coop-item--plain">
                    <h3>
                      {inLanguage(unit.name_zh, unit.name_en, locale)}{" "}
                      <span className={unit.active ? "badge" : "badge badge--muted"}>{unit.active ? t("units.active") : t("units.inactive")}</span>
                    </h3>
                    <p>{t("units.summary", { capacity: unit.capacity, price: formatFen(unit.base_price_fen), min: unit.min_nights })}</p>
                    <details open={Boolean(editData)}>
                      <summary>{t("units.edit")}</summary>
                      <StayFormProblem errors={editData?.errors} />
                      <Form method="post" className="coop-form" noValidate>
                        <input type="hidden" name="intent" value="unit-save" />
                        <input type="hidden" name="unit_id" value={unit.id} />
                        <UnitFields form={form} stored={unit} />
                        <div className="coop-form__actions">
                          <SubmitButton intent="unit-save">{t("units.saveSubmit")}</SubmitButton>
                        </div>
                      </Form>
                    </details>
                  </li>
                );
              })}
            </ul>
            <details open={Boolean(unitAddData) || units.length === 0}>
              <summary className="coop-section-title">{t("units.add")}</summary>
              <StayFormProblem errors={unitAddData?.errors} />
              <Form method="post" className="coop-form" noValidate>
                <input type="hidden" name="intent" value="unit-add" />
                <UnitFields form={{ values: unitAddData?.values, errors: unitAddData?.errors, idPrefix: "unit-new" }} />
                <div className="coop-form__actions">
                  <SubmitButton intent="unit-add">{t("units.addSubmit")}</SubmitButton>
                </div>
              </Form>
            </details>
          </section>

          <section className="card" id="rates" aria-labelledby="rates-title">
            <h2 id="rates-title">{t("rates.title")}</h2>
            <p className="muted">{t("rates.intro")}</p>
            {units.every((unit) => unit.rates.length === 0) ? <p>{t("rates.none")}</p> : null}
            <ul className="coop-list" data-testid="stay-rates">
              {units.flatMap((unit) =>
                unit.rates.map((rate) => {
                  const label = inLanguage(rate.label_zh, rate.label_en, locale);
                  return (
                    <li key={rate.id}>
                      <strong>{label}</strong> · {inLanguage(unit.name_zh, unit.name_en, locale)} · {t("rates.range", { first: rate.starts_on, last: addDays(rate.ends_on, -1) })} ·{" "}
                      {formatFen(rate.price_fen)}{" "}
                      <Form method="post" className="coop-inline-form">
                        <input type="hidden" name="intent" value="rate-delete" />
                        <input type="hidden" name="rate_id" value={rate.id} />
                        <SubmitButton className="button--ghost" aria-label={t("rates.deleteLabel", { label })} intent="rate-delete" pendingFor={{ rate_id: String(rate.id) }}>
                          {t("rates.delete")}
                        </SubmitButton>
                      </Form>
                    </li>
                  );
                }),
              )}
            </ul>
            {units.length > 0 ? (
              <>
                <h3 className="stay-add-title" id="rate-add-title">{t("rates.add")}</h3>
                <StayFormProblem errors={rateData?.errors} />
                <Form method="post" className="coop-form" aria-labelledby="rate-add-title" noValidate>
                  <input type="hidden" name="intent" value="rate-add" />
                  <RateFields form={{ values: rateData?.values, errors: rateData?.errors, idPrefix: "rate" }} units={unitOptions} unitId={calendar.unitId} />
                  <div className="coop-form__actions">
                    <SubmitButton intent="rate-add">{t("rates.addSubmit")}</SubmitButton>
                  </div>
                </Form>
              </>
            ) : null}
          </section>
        </>
      ) : (
        <section className="card" id="slots" aria-labelledby="slots-title">
          <h2 id="slots-title">{t("slots.title")}</h2>
          <p className="muted">{t("slots.intro")}</p>
          {slots.length === 0 ? <p>{t("slots.none")}</p> : null}
          <ul className="stay-units" data-testid="stay-slots">
            {slots.map((slot) => {
              const when = formatChinaDateTime(slot.starts_at);
              const capData = of("slot-capacity", slot.id);
              return (
                <li key={slot.id} id={`slot-${slot.id}`} className="coop-item--plain">
                  <h3>{when}</h3>
                  <dl className="coop-kv">
                    <dt>{t("slots.capacity")}</dt>
                    <dd>{slot.capacity}</dd>
                    <dt>{t("slots.booked")}</dt>
                    <dd>{slot.booked}</dd>
                    <dt>{t("slots.price")}</dt>
                    <dd>{formatFen(slot.price_fen)}</dd>
                  </dl>
                  <details open={Boolean(capData)}>
                    <summary>{t("slots.changeCapacity")}</summary>
                    <Form method="post" className="coop-form stay-slot-form" noValidate>
                      <input type="hidden" name="intent" value="slot-capacity" />
                      <input type="hidden" name="slot_id" value={slot.id} />
                      <Field
                        {...field({ values: capData?.values, errors: capData?.errors, idPrefix: `slot-${slot.id}` }, "capacity", slot.capacity)}
                        label={t("slots.capacityLabel", { when })}
                        inputMode="numeric"
                        maxLength={3}
                        required
                      />
                      <SubmitButton className="button--ghost" intent="slot-capacity" pendingFor={{ slot_id: String(slot.id) }}>
                        {t("slots.saveCapacity")}
                      </SubmitButton>
                    </Form>
                  </details>
                </li>
              );
            })}
          </ul>
          <h3 className="stay-add-title" id="slot-add-title">{t("slots.add")}</h3>
          <StayFormProblem errors={slotData?.errors} />
          <Form method="post" className="coop-form" aria-labelledby="slot-add-title" noValidate>
            <input type="hidden" name="intent" value="slot-add" />
            <div className="coop-row">
              <Field {...field({ values: slotData?.values, errors: slotData?.errors, idPrefix: "slot" }, "starts_on")} type="date" label={t("slots.date")} required />
              <Field {...field({ values: slotData?.values, errors: slotData?.errors, idPrefix: "slot" }, "starts_time", "09:00")} type="time" label={t("slots.time")} required />
            </div>
            <div className="coop-row">
              <Field {...field({ values: slotData?.values, errors: slotData?.errors, idPrefix: "slot" }, "capacity")} label={t("slots.capacity")} inputMode="numeric" maxLength={3} required />
              <Field {...field({ values: slotData?.values, errors: slotData?.errors, idPrefix: "slot" }, "price")} label={t("slots.price")} inputMode="decimal" maxLength={12} required />
            </div>
            <div className="coop-form__actions">
              <SubmitButton intent="slot-add">{t("slots.addSubmit")}</SubmitButton>
            </div>
          </Form>
        </section>
      )}

      <section className="card" id="details" aria-labelledby="details-title">
        <details open={Boolean(saveData)}>
          <summary>
            <h2 id="details-title" className="coop-section-title" style={{ display: "inline" }}>
              {t("page.details")}
            </h2>
          </summary>
          <StayFormProblem errors={saveData?.errors} unmetClaims={saveData?.unmetClaims} />
          <Form method="post" className="coop-form" noValidate>
            <input type="hidden" name="intent" value="save" />
            <ListingFieldsets kind={listing.kind} values={saveData?.values ?? null} errors={saveData?.errors ?? null} stored={listing} />
            <Field {...field({ values: saveData?.values, errors: saveData?.errors, idPrefix: "listing" }, "slug", listing.slug)} label={t("form.slug")} hint={t("form.slugHint")} maxLength={80} required autoComplete="off" />
            <div className="coop-form__actions">
              <SubmitButton intent="save" pendingText={t("form.saving")}>
                {t("form.saveSubmit")}
              </SubmitButton>
            </div>
          </Form>
        </details>
      </section>
    </div>
  );
}

type FormState = { values?: FormValues | null; errors?: FieldErrors | null; idPrefix: string };

function UnitFields({ form, stored }: { form: FormState; stored?: { name_zh: string; name_en: string; capacity: number; beds_zh: string; beds_en: string; base_price_fen: number; weekend_price_fen: number | null; min_nights: number; active: boolean } }) {
  const { t } = useTranslation("coopStays");
  const field = useStayFields();
  const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : (fen / 100).toFixed(2));
  const activeChecked = form.values ? form.values.active === "on" : (stored?.active ?? true);
  return (
    <>
      <div className="coop-row">
        <Field {...field(form, "name_zh", stored?.name_zh)} label={t("units.nameZh")} maxLength={120} required />
        <Field {...field(form, "name_en", stored?.name_en)} label={t("units.nameEn")} maxLength={120} labelNote={<Optional />} />
      </div>
      <div className="coop-row">
        <Field {...field(form, "capacity", stored?.capacity ?? 2)} label={t("units.capacity")} inputMode="numeric" maxLength={2} required />
        <Field {...field(form, "min_nights", stored?.min_nights ?? 1)} label={t("units.minNights")} inputMode="numeric" maxLength={2} required />
      </div>
      <div className="coop-row">
        <Field {...field(form, "beds_zh", stored?.beds_zh)} label={t("units.bedsZh")} maxLength={200} labelNote={<Optional />} />
        <Field {...field(form, "beds_en", stored?.beds_en)} label={t("units.bedsEn")} maxLength={200} labelNote={<Optional />} />
      </div>
      <div className="coop-row">
        <Field {...field(form, "base_price", yuan(stored?.base_price_fen))} label={t("units.basePrice")} inputMode="decimal" maxLength={12} required />
        <Field {...field(form, "weekend_price", yuan(stored?.weekend_price_fen))} label={t("units.weekendPrice")} hint={t("units.weekendHint")} inputMode="decimal" maxLength={12} labelNote={<Optional />} />
      </div>
      <CheckboxField id={`${form.idPrefix}-active`} name="active" label={t("units.active")} defaultChecked={activeChecked} />
    </>
  );
}

function RateFields({ form, units, unitId }: { form: FormState; units: { id: number; name: string }[]; unitId: number | null }) {
  const { t } = useTranslation("coopStays");
  const field = useStayFields();
  return (
    <>
      <SelectField {...field(form, "unit_id", unitId)} label={t("rates.unit")}>
        {units.map((unit) => (
          <option key={unit.id} value={unit.id}>
            {unit.name}
          </option>
        ))}
      </SelectField>
      <div className="coop-row">
        <Field {...field(form, "label_zh")} label={t("rates.labelZh")} placeholder={t("rates.labelPlaceholder")} maxLength={60} required />
        <Field {...field(form, "label_en")} label={t("rates.labelEn")} maxLength={60} labelNote={<Optional />} />
      </div>
      <div className="coop-row">
        <Field {...field(form, "first_night")} type="date" label={t("rates.firstNight")} required />
        <Field {...field(form, "last_night")} type="date" label={t("rates.lastNight")} required />
      </div>
      <div className="coop-row">
        <Field {...field(form, "price")} label={t("rates.price")} inputMode="decimal" maxLength={12} required />
        <Field {...field(form, "min_nights")} label={t("rates.minNights")} inputMode="numeric" maxLength={2} labelNote={<Optional />} />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
