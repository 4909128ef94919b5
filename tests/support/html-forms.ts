// Reads the forms of a page the way a browser would submit them: good enough for the pages
// this app renders (attributes in double quotes, as React writes them).

export interface PageForm {
  method: string;
  /** The action attribute as written ("" when absent: the page's own URL). */
  action: string;
  enctype: string;
  /** Every named control: inputs, selects, text areas and buttons, in order. */
  fields: { name: string; value: string; type: string }[];
}

function attribute(tag: string, name: string): string | undefined {
  const match = tag.match(new RegExp(`\\s${name}="([^"]*)"`, "i"));
  return match ? decodeEntities(match[1]!) : undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function pageForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = `<form${match[1]}>`;
    const body = match[2]!;
    const fields: PageForm["fields"] = [];
    for (const control of body.matchAll(/<(input|select|textarea|button)\b([^>]*)>/gi)) {
      const tag = control[0];
      const name = attribute(tag, "name");
      if (!name) continue;
      const kind = control[1]!.toLowerCase();
      const type = kind === "input" ? (attribute(tag, "type") ?? "text").toLowerCase() : kind;
      let value = attribute(tag, "value") ?? "";
      if (kind === "select") {
        const rest = body.slice(control.index!);
        const options = rest.slice(0, rest.indexOf("</select>"));
        const selected = options.match(/<option\b[^>]*\sselected=""[^>]*>/i) ?? options.match(/<option\b[^>]*>/i);
        value = selected ? (attribute(selected[0], "value") ?? "") : "";
      }
      if (kind === "textarea") {
        const rest = body.slice(control.index! + tag.length);
        value = decodeEntities(rest.slice(0, rest.indexOf("</textarea>")));
      }
      fields.push({ name, value, type });
    }
    forms.push({
      method: (attribute(open, "method") ?? "get").toLowerCase(),
      action: attribute(open, "action") ?? "",
      enctype: attribute(open, "enctype") ?? "application/x-www-form-urlencoded",
      fields,
    });
  }
  return forms;
}

/** The values a form would submit as it stands (checkboxes only when checked, no buttons). */
export function formValues(form: PageForm): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of form.fields) {
    if (field.type === "button" || field.type === "submit" || field.type === "checkbox" || field.type === "radio" || field.type === "file") continue;
    values[field.name] = field.value;
  }
  return values;
}
