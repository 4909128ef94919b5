import { useNonce } from "~/utils/nonce";

/** The catalogue pages' own script (app/enhance/catalogue.ts), with this response's CSP nonce. */
export function EnhanceScript({ src }: { src: string | null }) {
  const nonce = useNonce();
  return src ? <script src={src} nonce={nonce} defer /> : null;
}
