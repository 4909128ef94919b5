import type { ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SelectField } from "~/components/forms";
import { localized, type Locale } from "~/i18n";
import { CARRIERS } from "~/utils/carriers";
import { ScrollBox } from "~/components/scroll-box";

/** The GET filter form above a staff list: its fields, then Apply and a link back to the unfiltered list. */
export function StaffFilterForm({ resetTo, children }: { resetTo: string; children: ReactNode }) {
  const { t } = useTranslation("staff");
  return (
    <Form method="get" className="staff-filters card" aria-label={t("orders.filters")}>
      <div className="staff-filters__grid">{children}</div>
      <div className="staff-actions">
        <button type="submit">{t("orders.apply")}</button>
        <Link to={resetTo} className="button button--ghost">{t("orders.reset")}</Link>
      </div>
    </Form>
  );
}

/** "Any carrier" or one of the carriers we ship with. */
export function CarrierFilter({ id, value, locale }: { id: string; value: string | undefined; locale: Locale }) {
  const { t } = useTranslation("staff");
  return (
    <SelectField id={id} label={t("orders.carrier")} name="carrier" defaultValue={value ?? ""}>
      <option value="">{t("orders.any")}</option>
      {CARRIERS.map((carrier) => (
        <option key={carrier.key} value={carrier.key}>{localized(carrier, "name", locale)}</option>
      ))}
    </SelectField>
  );
}

/** A notice when the list is empty, otherwise the rows in a scrollable staff table. */
export function StaffTable({ isEmpty, empty, testId, children }: { isEmpty: boolean; empty: string; testId: string; children: ReactNode }) {
  if (isEmpty) return <p className="notice">{empty}</p>;
  return (
    <ScrollBox>
      <table className="table staff-table" data-testid={testId}>{children}</table>
    </ScrollBox>
  );
}

/** Keyset paging: back to the newest rows unless already there, and on to older ones while there are more. */
export function StaffPager({ newest, older }: { newest: string | null; older: string | null }) {
  const { t } = useTranslation("staff");
  return (
    <nav className="staff-pager" aria-label={t("orders.pages")}>
      {newest ? <Link to={newest}>{t("orders.newest")}</Link> : null}
      {older ? <Link to={older} rel="next">{t("orders.older")}</Link> : null}
    </nav>
  );
}
