/** The name of the trap field that only bots fill in; the form and the server check share it. */
export const HONEYPOT_FIELD = "website";
