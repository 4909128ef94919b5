import { createContext, useContext } from "react";

// The per-request Content-Security-Policy nonce, given to every script Remix renders.
export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
