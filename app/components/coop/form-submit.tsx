import type { ComponentProps } from "react";
import { SubmitButton } from "~/components/forms";

/** The foot of a cooperative page's form: its one submit button, in the form's actions row. */
export function CoopFormSubmit(props: ComponentProps<typeof SubmitButton>) {
  return (
    <div className="coop-form__actions">
      <SubmitButton {...props} />
    </div>
  );
}
