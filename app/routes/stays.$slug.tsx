import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Breadcrumbs } from "~/components/catalogue/breadcrumbs";
import { JsonLd } from "~/components/catalogue/json-ld";
import { ProductGrid } from "~/components/catalogue/product-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, HoneypotField, SelectField, SubmitButton, TextareaField } from "~/components/forms";
import { formatSlot } from "~/components/stays/format";
import { AccessLine } from "~/components/stays/stay-card";
import { CalendarLegend, MonthCalendar } from "~/components/stays/stay-calendar";
import { CancellationPolicy, PriceBreakdown, TextBlock } from "~/components/stays/stay-details";
import type { Locale } from "~/i18n";
import { experienceBookingSchema, MAX_GUESTS, parseStayPageParams, stayBookingSchema, stayParamsSchema, type StayBookingInput } from "~/schemas/stays";
import { getOptionalUser } from "~/services/auth.server";
import { bookExperienceFromPage, bookStayFromPage, stayBookingRateLimit, stayBookingTargets, type StayBookingRefusal } from "~/services/stay-booking.server";
import { stayPage } from "~/services/stay-pages.server";
import staysStyles from "~/styles/stays.css";
import catalogueStyles from "~/styles/catalogue.css";
import { chinaToday } from "~/utils/calendar-dates";
import { db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { readForm } from "~/utils/form-data.server";
import { parseForm, type FieldErrors } from "~/utils/form-errors.server";
import { checkHoneypot } from "~/utils/honeypot.server";
import { NO_STORE, publicPageHeaders } from "~/utils/http-cache.server";
import { htmlOnlyPage } from "~/utils/hydration";
import { getFixedT, getLocale } from "~/utils/i18n.server";
import { imageSrcSet, imageUrl } from "~/utils/images";
import { formatFen } from "~/utils/money";
import { notFound } from "~/utils/responses.server";
import { absoluteUrl, canonicalUrl, errorMeta, seoMeta, summarize } from "~/utils/seo";
import { stayJsonLd } from "~/utils/stay-seo";

// A stay or experience page: photos, what is offered, the calendar of the coming months, the
// price of chosen dates night by night, the cancellation policy before paying, the booking form
// (a hold, then the payment provider's page), and the cooperative's certified products.

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: catalogueStyles },
  { rel: "stylesheet", href: staysStyles },
];
export const headers = publicPageHeaders;
export const handle = htmlOnlyPage;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = stayParamsSchema.safeParse(params);
  if (!parsed.success) throw notFound();
  const url = new URL(request.url);
  const locale = await getLocale(request);
  const page = await stayPage(db(), { slug: parsed.data.slug, locale, query: parseStayPageParams(url.searchParams) });
  if (!page) throw notFound();
  const { publicUrl } = getEnv();
  const [t, common] = await Promise.all([getFixedT(locale, "stays"), getFixedT(locale, "common")]);
  const canonical = canonicalUrl(publicUrl, `/stays/${page.listing.slug}`);
  const images = page.images.map((image) => absoluteUrl(publicUrl, imageUrl(image.storageKey, 1024)));
  return json(
    {
      ...page,
      locale,
      today: chinaToday(),
      // A fresh key per rendered form: the same form sent twice makes one hold.
      holdKey: randomUUID(),
      jsonLd: stayJsonLd({
        kind: page.listing.kind,
        name: page.listing.name,
        description: summarize(page.listing.description, 500),
        url: canonical,
        images,
        county: page.listing.county,
        village: page.listing.village,
        address: page.listing.address,
        checkInFrom: page.listing.checkInFrom,
        checkOutUntil: page.listing.checkOutUntil,
        amenities: page.listing.amenities,
        durationMinutes: page.listing.durationMinutes,
        cooperative: page.cooperative ? { name: page.cooperative.name, url: absoluteUrl(publicUrl, `/cooperatives/${page.cooperative.slug}`) } : null,
        units: page.units,
        slots: page.slots,
      }),
      seo: {
        title: t("meta.stayTitle", { name: page.listing.name, county: page.listing.county }),
        description: summarize(page.listing.description || t("meta.listDescription")),
        canonical,
        image: images[0],
        type: "website" as const,
        locale,
        siteName: common("brand.name"),
        noindex: url.search.length > 0,
      },
    },
    // Every render carries its own hold key and the nights free right now: never a shared copy.
    { headers: { "Cache-Control": NO_STORE } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => (data ? seoMeta(data.seo) : errorMeta(matches));

type ActionData = {
  values: Record<string, string>;
  errors: FieldErrors;
  refusal: StayBookingRefusal | { code: "form" } | { code: "tooMany"; params: { minutes: number } } | null;
};

const KEPT_FIELDS = ["unit", "slot", "checkIn", "checkOut", "guests", "contactName", "mobile", "email", "specialRequests"] as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsedParams = stayParamsSchema.safeParse(params);
  if (!parsedParams.success) throw notFound();
  const form = await readForm(request);
  checkHoneypot(form);
  const targets = await stayBookingTargets(db(), { slug: parsedParams.data.slug });
  if (!targets) throw notFound();
  // Every submission counts, well-formed or not: the limit is on what reaches the database.
  const limit = await stayBookingRateLimit(db(), context.clientAddress ?? "unknown");
  const values = Object.fromEntries(
    KEPT_FIELDS.map((name) => {
      const value = form.get(name);
      return [name, typeof value === "string" ? value.slice(0, 1000) : ""];
    }),
  );
  const answer = (status: number, data: Omit<ActionData, "values">, init: ResponseInit = {}) =>
    json<ActionData>({ values, ...data }, { ...init, status, headers: { "Cache-Control": NO_STORE, ...(init.headers ?? {}) } });

  if (limit) {
    const seconds = limit.retryAfterSeconds;
    return answer(429, { errors: {}, refusal: { code: "tooMany", params: { minutes: Math.max(1, Math.ceil(seconds / 60)) } } }, { headers: { "Retry-After": String(seconds) } });
  }
  // What both forms send of the guest: who they are, how to reach them, and the page's user and language.
  const contact = async (input: Pick<StayBookingInput, "contactName" | "mobile" | "email" | "specialRequests" | "holdKey">) => ({
    userId: (await getOptionalUser(request))?.id ?? null,
    locale: await getLocale(request),
    contactName: input.contactName,
    mobile: input.mobile,
    email: input.email,
    specialRequests: input.specialRequests,
    holdKey: input.holdKey,
  });
  let result;
  if (targets.kind === "stay") {
    const parsed = parseForm(stayBookingSchema, form);
    if (!parsed.ok) return answer(400, { errors: parsed.errors, refusal: { code: "form" } });
    const input = parsed.data;
    result = await bookStayFromPage(db(), { ...(await contact(input)), unitIds: targets.unitIds, unitId: input.unit, checkIn: input.checkIn, checkOut: input.checkOut, guests: input.guests });
  } else {
    const parsed = parseForm(experienceBookingSchema, form);
    if (!parsed.ok) return answer(400, { errors: parsed.errors, refusal: { code: "form" } });
    const input = parsed.data;
    result = await bookExperienceFromPage(db(), { ...(await contact(input)), slotIds: targets.slotIds, slotId: input.slot, people: input.guests });
  }
  if (result.kind === "refused") {
    const { refusal } = result;
    if (refusal.code === "invalid_contact") {
      const field = refusal.field === "contactMobile" ? "mobile" : refusal.field;
      return answer(400, { errors: { [field]: refusal.field }, refusal: { code: "form" } });
    }
    const status = refusal.code === "not_found" || refusal.code === "invalid_dates" ? 400 : 422;
    return answer(status, { errors: {}, refusal });
  }
  return redirect(result.url, { status: 303, headers: { "Referrer-Policy": "same-origin" } });
}

function durationText(t: (key: string, options?: Record<string, unknown>) => string, minutes: number): string {
  return minutes % 60 === 0 && minutes >= 60 ? t("page.durationHours", { hours: minutes / 60 }) : t("page.duration", { count: minutes });
}

export default function StayPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("stays");
  const locale = data.locale as Locale;
  const { listing, query } = data;
  const isStay = listing.kind === "stay";
  const chosenUnit = data.units.find((unit) => unit.id === query.unit) ?? null;
  const values: Record<string, string> = actionData?.values ?? {
    unit: query.unit !== null ? String(query.unit) : "",
    slot: query.slot !== null ? String(query.slot) : "",
    checkIn: query.checkIn ?? "",
    checkOut: query.checkOut ?? "",
    guests: query.guests !== null ? String(query.guests) : "",
  };
  const err = (field: string) => {
    const key = actionData?.errors[field];
    return key ? t(`errors.${key}`) : undefined;
  };
  const refusal = actionData?.refusal ?? null;
  const refusalText = refusal ? t(`errors.${refusal.code}`, "params" in refusal && refusal.params ? refusal.params : {}) : null;
  const trail = [
    { name: t("page.home"), to: "/" },
    { name: t("page.stays"), to: "/stays" },
    { name: listing.name },
  ];

  return (
    <article className="stay-page" data-testid="stay-page">
      <Breadcrumbs trail={trail} label={t("page.breadcrumbs")} />
      <header className="stay-page__header">
        <p className="stay-page__kind">{t(`kinds.${listing.kind}`)}</p>
        <h1>{listing.name}</h1>
        <p className="stay-page__place">{[listing.county, listing.village].filter(Boolean).join(" · ")}</p>
        {listing.access ? (
          <p className="stay-page__access">
            <AccessLine access={listing.access} />
          </p>
        ) : null}
      </header>

      {data.images.length > 0 ? (
        <section className="stay-photos" aria-label={t("page.photos")}>
          <ul>
            {data.images.map((image, index) => (
              <li key={image.storageKey}>
                <img
                  src={imageUrl(image.storageKey, 640)}
                  srcSet={imageSrcSet(image.storageKey)}
                  sizes="(min-width: 900px) 600px, 90vw"
                  width={640}
                  height={480}
                  alt={image.alt}
                  loading={index === 0 ? "eager" : "lazy"}
                  decoding="async"
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <TextBlock text={listing.description} className="stay-page__description" />

      {isStay ? (
        <section className="stay-section card" id="price" aria-labelledby="price-title">
          <h2 id="price-title">{t("page.price")}</h2>
          <p className="muted">{t("page.priceIntro")}</p>
          <form method="get" action={`/stays/${listing.slug}`} className="stay-quote-form">
            <UnitAndDates
              idPrefix="quote"
              units={data.units}
              today={data.today}
              values={{ unit: query.unit !== null ? String(query.unit) : "", checkIn: query.checkIn ?? "", checkOut: query.checkOut ?? "" }}
            />
            <Field id="quote-guests" name="guests" type="number" inputMode="numeric" min={1} max={MAX_GUESTS} label={t("search.guests")} defaultValue={query.guests ?? ""} />
            <button type="submit" className="button button--ghost">
              {t("page.showPrice")}
            </button>
          </form>
          {data.freeUnits !== null ? (
            <p className="muted" data-testid="free-units">
              {data.freeUnits.length > 0
                ? t("page.freeUnits", { units: data.units.filter((u) => data.freeUnits!.includes(u.id)).map((u) => u.name).join(t("search.listSeparator")) })
                : t("page.noFreeUnits")}
            </p>
          ) : null}
          {data.quote && chosenUnit ? <PriceBreakdown quote={data.quote} unitName={chosenUnit.name} locale={locale} /> : null}
        </section>
      ) : (
        <section className="stay-section card" id="slots" aria-labelledby="slots-title">
          <h2 id="slots-title">{t("page.slots")}</h2>
          {data.slots.length > 0 ? (
            <ul className="stay-slots" data-testid="stay-slots">
              {data.slots.map((slot) => (
                <li key={slot.id} className="stay-slot">
                  <span className="stay-slot__when">{formatSlot(slot.startsAt, locale)}</span>
                  <span className="stay-slot__price">{t("page.perPerson", { price: formatFen(slot.priceFen) })}</span>
                  <span className={slot.placesLeft > 0 ? "stay-slot__left" : "stay-slot__left stay-slot__left--none"}>
                    {slot.placesLeft > 0 ? t("page.placesLeft", { count: slot.placesLeft }) : t("page.soldOut")}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t("page.noSlots")}</p>
          )}
        </section>
      )}

      <section className="stay-section card" id="policy" aria-labelledby="policy-title">
        <h2 id="policy-title">{t("page.policy")}</h2>
        <CancellationPolicy policy={data.policy} locale={locale} />
      </section>

      {(isStay && data.units.length > 0) || (!isStay && data.slots.length > 0) ? (
        <section className="stay-section card" id="book" aria-labelledby="book-title">
          <h2 id="book-title">{t("page.book")}</h2>
          <p className="muted">{t("page.bookIntro")}</p>
          {refusalText ? (
            <p className="notice notice--error" role="alert" data-testid="booking-error">
              {refusalText}
            </p>
          ) : null}
          <form method="post" action={`/stays/${listing.slug}`} className="stay-book-form" data-testid="booking-form">
            <HoneypotField />
            <input type="hidden" name="holdKey" value={data.holdKey} />
            {isStay ? (
              <UnitAndDates
                idPrefix="book"
                units={data.units}
                today={data.today}
                values={{ unit: values.unit ?? "", checkIn: values.checkIn ?? "", checkOut: values.checkOut ?? "" }}
                err={err}
                unitRequired
              />
            ) : (
              <SelectField id="book-slot" name="slot" label={t("page.slot")} defaultValue={values.slot ?? ""} error={err("slot")} required>
                {data.slots
                  .filter((slot) => slot.placesLeft > 0)
                  .map((slot) => (
                    <option key={slot.id} value={slot.id}>
                      {formatSlot(slot.startsAt, locale)} · {formatFen(slot.priceFen)} · {t("page.placesLeft", { count: slot.placesLeft })}
                    </option>
                  ))}
              </SelectField>
            )}
            <Field
              id="book-guests"
              name="guests"
              type="number"
              inputMode="numeric"
              min={1}
              max={isStay ? MAX_GUESTS : 500}
              label={isStay ? t("search.guests") : t("page.people")}
              defaultValue={values.guests ?? ""}
              error={err("guests")}
              required
            />
            <Field id="book-name" name="contactName" label={t("page.contactName")} autoComplete="name" maxLength={100} defaultValue={values.contactName ?? ""} error={err("contactName")} required />
            <Field
              id="book-mobile"
              name="mobile"
              type="tel"
              inputMode="tel"
              autoComplete="tel-national"
              maxLength={20}
              label={t("page.mobile")}
              hint={t("page.mobileHint")}
              defaultValue={values.mobile ?? ""}
              error={err("mobile")}
              required
            />
            <Field id="book-email" name="email" type="email" autoComplete="email" maxLength={254} label={t("page.email")} hint={t("page.emailHint")} defaultValue={values.email ?? ""} error={err("email")} />
            <TextareaField id="book-requests" name="specialRequests" rows={3} maxLength={1000} label={t("page.specialRequests")} defaultValue={values.specialRequests ?? ""} error={err("specialRequests")} />
            <p className="muted">{t("page.hostPhone")}</p>
            <SubmitButton className="button button--primary" pendingText={t("page.pending")}>
              {t("page.submit")}
            </SubmitButton>
          </form>
        </section>
      ) : null}

      <section className="stay-section" aria-labelledby="offered-title">
        <h2 id="offered-title">{t("page.offered")}</h2>
        {isStay ? (
          <>
            <h3>{t("page.units")}</h3>
            <ul className="stay-units">
              {data.units.map((unit) => (
                <li key={unit.id} className="stay-unit card">
                  <h4>{unit.name}</h4>
                  <p>
                    {t("page.capacity", { count: unit.capacity })}
                    {unit.beds ? ` · ${t("page.beds", { beds: unit.beds })}` : ""}
                  </p>
                  <p>
                    <span className="price">{t("page.basePrice", { price: formatFen(unit.basePriceFen) })}</span>
                    {unit.weekendPriceFen !== null ? ` · ${t("page.weekendPrice", { price: formatFen(unit.weekendPriceFen) })}` : ""}
                  </p>
                  {unit.minNights > 1 ? <p className="muted">{t("page.minNights", { count: unit.minNights })}</p> : null}
                </li>
              ))}
            </ul>
            {listing.checkInFrom || listing.checkOutUntil ? (
              <p>
                {[listing.checkInFrom ? t("page.checkInFrom", { time: listing.checkInFrom }) : null, listing.checkOutUntil ? t("page.checkOutUntil", { time: listing.checkOutUntil }) : null]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            ) : null}
          </>
        ) : (
          <ul className="stay-facts">
            {listing.durationMinutes ? <li>{durationText(t, listing.durationMinutes)}</li> : null}
            {listing.minAge !== null ? <li>{t("page.minAge", { age: listing.minAge })}</li> : null}
          </ul>
        )}
        {listing.included ? (
          <>
            <h3>{t("page.included")}</h3>
            <TextBlock text={listing.included} />
          </>
        ) : null}
        {listing.amenities.length > 0 ? (
          <>
            <h3>{t("page.amenities")}</h3>
            <ul className="stay-amenities">
              {listing.amenities.map((amenity) => (
                <li key={amenity}>{t(`amenities.${amenity}`, { defaultValue: amenity })}</li>
              ))}
            </ul>
          </>
        ) : null}
        {listing.houseRules ? (
          <>
            <h3>{t("page.houseRules")}</h3>
            <TextBlock text={listing.houseRules} />
          </>
        ) : null}
      </section>

      {isStay && data.units.length > 0 ? (
        <section className="stay-section" id="calendar" aria-labelledby="calendar-title">
          <h2 id="calendar-title">{t("page.calendar")}</h2>
          <p className="muted">{t("page.calendarIntro")}</p>
          <CalendarLegend />
          {data.units.map((unit, index) => (
            <details key={unit.id} className="stay-calendar" open={index === 0 || undefined}>
              <summary>{unit.name}</summary>
              <div className="stay-calendar__months">
                {unit.calendar.map((month) => (
                  <MonthCalendar key={month.month} month={month} locale={locale} caption={unit.name} />
                ))}
              </div>
            </details>
          ))}
        </section>
      ) : null}

      {listing.address || listing.access || listing.directions.trim() ? (
        <section className="stay-section" id="getting-there" aria-labelledby="there-title">
          <h2 id="there-title">{t("page.gettingThere")}</h2>
          {listing.address ? (
            <p>
              <strong>{t("page.address")}</strong>{" "}
              {listing.address}
            </p>
          ) : null}
          {listing.access ? (
            <p>
              <AccessLine access={listing.access} />
            </p>
          ) : null}
          <TextBlock text={listing.directions} />
        </section>
      ) : null}

      {data.cooperative ? (
        <section className="stay-section" aria-labelledby="harvest-title">
          <h2 id="harvest-title">{t("page.harvest")}</h2>
          <p className="muted">{t("page.harvestIntro", { cooperative: data.cooperative.name })}</p>
          {data.harvest.length > 0 ? <ProductGrid products={data.harvest} /> : null}
          <ul className="stay-links">
            <li>
              <Link to={`/cooperatives/${data.cooperative.slug}`}>{t("page.impactLink")}</Link>
            </li>
            {data.trace.map((batch) => (
              <li key={batch.code}>
                <Link to={`/trace/${batch.code}`}>{t("page.traceBatch", { product: batch.product, code: batch.code })}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <JsonLd data={data.jsonLd} />
    </article>
  );
}

/** The unit and the dates of a stay, as the price form and the booking form ask them. */
function UnitAndDates({
  idPrefix,
  units,
  today,
  values,
  err,
  unitRequired,
}: {
  idPrefix: "quote" | "book";
  units: readonly { id: number; name: string; capacity: number }[];
  today: string;
  values: { unit: string; checkIn: string; checkOut: string };
  err?: (field: string) => string | undefined;
  unitRequired?: boolean;
}) {
  const { t } = useTranslation("stays");
  return (
    <>
      <SelectField id={`${idPrefix}-unit`} name="unit" label={t("page.unit")} defaultValue={values.unit} error={err?.("unit")} required={unitRequired}>
        {units.map((unit) => (
          <option key={unit.id} value={unit.id}>
            {unit.name} · {t("page.capacity", { count: unit.capacity })}
          </option>
        ))}
      </SelectField>
      <div className="stay-filters__dates">
        <Field id={`${idPrefix}-check-in`} name="checkIn" type="date" min={today} label={t("search.checkIn")} defaultValue={values.checkIn} error={err?.("checkIn")} required />
        <Field id={`${idPrefix}-check-out`} name="checkOut" type="date" min={today} label={t("search.checkOut")} defaultValue={values.checkOut} error={err?.("checkOut")} required />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
