// The shapes a refused form travels in, from an action back to its page.

/**
 * The first error of each field, keyed by the field's name (`variant.sku` for a nested one,
 * `form` for the whole form's). Each error is a translation key of the page's namespace.
 */
export type FieldErrors = Partial<Record<string, string>>;

/** What was typed, to put back into the form: one string per field, every value of a list field. */
export type FormValues = Record<string, string | string[]>;
