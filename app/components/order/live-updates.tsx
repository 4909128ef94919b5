import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

/**
 * Keeps an order page current: listens to the order's event stream and, on each event,
 * re-runs the page's loaders (so what is shown always comes from the server, exactly as a
 * reload would show it). Bursts of events (a carrier push with several scans) coalesce
 * into one refresh. The browser's EventSource reconnects by itself, sending the last event
 * id it saw, so nothing is missed across a dropped connection. Without JavaScript none of
 * this runs and a reload shows the latest.
 */
export function useLiveOrderUpdates(streamUrl: string | null): LiveState {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    if (!streamUrl || typeof EventSource === "undefined") {
      setState("offline");
      return;
    }
    const source = new EventSource(streamUrl);
    let pending: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => setState("live");
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting");
    source.onmessage = () => {
      setState("live");
      clearTimeout(pending);
      pending = setTimeout(() => revalidate.current(), 60);
    };
    return () => {
      clearTimeout(pending);
      source.close();
    };
  }, [streamUrl]);

  return state;
}

/** A quiet line saying whether the page is live; an update is announced to screen readers. */
export function LiveStatus({ state, announcement }: { state: LiveState; announcement: string | null }) {
  const { t } = useTranslation("orders");
  return (
    <div className={`live-status live-status--${state}`} data-testid="live-status" data-state={state}>
      <span className="live-status__dot" aria-hidden="true" />
      <span>{t(`tracking.live.${state}`)}</span>
      <span className="visually-hidden" role="status" aria-live="polite">
        {announcement ? t("tracking.live.updated", { summary: announcement }) : ""}
      </span>
    </div>
  );
}
