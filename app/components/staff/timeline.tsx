import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/components/staff/format";

export interface TimelineEntry {
  id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_kind: string;
  actor_name: string | null;
  actor_email: string | null;
  data: Record<string, unknown>;
  created_at: string;
}

/** Which set of status names a timeline event's from/to belong to. */
function statusNamespace(type: string): string {
  if (type.startsWith("payment.")) return "paymentStatus";
  if (type.startsWith("shipment.")) return "shipmentStatus";
  return "orderStatus";
}

function detail(entry: TimelineEntry): string | null {
  const data = entry.data;
  const parts: string[] = [];
  for (const key of ["reason", "trackingNumber", "description", "location"] as const) {
    const value = data[key];
    if (typeof value === "string" && value) parts.push(value);
  }
  return parts.length ? parts.join(" · ") : null;
}

/** The order's whole history, from order_events, with who did each thing. */
export function OrderTimeline({ events, locale }: { events: TimelineEntry[]; locale: string }) {
  const { t } = useTranslation("staff");
  if (events.length === 0) return <p className="muted">{t("timeline.empty")}</p>;
  const ns = (type: string) => statusNamespace(type);
  return (
    <ol className="staff-timeline" data-testid="timeline">
      {events.map((entry) => {
        const who =
          entry.actor_name || entry.actor_email
            ? `${t(`actors.${entry.actor_kind}`)} · ${entry.actor_name || entry.actor_email}`
            : t(`actors.${entry.actor_kind}`);
        const text = detail(entry);
        return (
          <li key={entry.id} className="staff-timeline__item">
            <time dateTime={entry.created_at} className="staff-timeline__time">{formatDateTime(entry.created_at, locale)}</time>
            <div>
              <strong>{t(`timeline.types.${entry.type}`, { defaultValue: entry.type })}</strong>
              {entry.from_status && entry.to_status ? (
                <span className="muted">
                  {" "}
                  {t(`${ns(entry.type)}.${entry.from_status}`, { defaultValue: entry.from_status })} → {t(`${ns(entry.type)}.${entry.to_status}`, { defaultValue: entry.to_status })}
                </span>
              ) : null}
              <br />
              <span className="staff-small muted">{who}</span>
              {text ? <p className="staff-timeline__detail">{text}</p> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
