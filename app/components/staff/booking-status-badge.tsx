import { useTranslation } from "react-i18next";
import type { BookingStatus } from "~db/schema";

const TONES: Record<BookingStatus, string> = {
  held: "badge badge--muted",
  paid: "badge badge--warn",
  checked_in: "badge",
  no_show: "badge badge--danger",
  cancelled: "badge badge--muted",
  expired: "badge badge--muted",
};

/** A booking's status in the back office's words. */
export function BookingStatusBadge({ status }: { status: BookingStatus }) {
  const { t } = useTranslation("staffBookings");
  return (
    <span className={TONES[status]} data-testid="booking-status">
      {t(`statuses.${status}`)}
    </span>
  );
}
