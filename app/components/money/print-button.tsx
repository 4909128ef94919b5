import { useEffect, useState } from "react";

/** Opens the browser's print dialog; shown only once scripts run (without them, the browser's own menu prints). */
export function PrintButton({ label }: { label: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button--ghost" onClick={() => window.print()}>
      {label}
    </button>
  );
}
