import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";

/** Moves a paid order to packing. */
export function StartPackingForm() {
  const { t } = useTranslation("staff");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="start" />
      <SubmitButton>{t("order.startPacking")}</SubmitButton>
    </Form>
  );
}
