// The one script of the pages shoppers browse (home, catalogue, product), which are sent as
// HTML without the app's scripts. Everything here improves a page that already works without
// it: forms keep their action, links keep their href. Bundled on its own at build time
// (app/enhance/bundle.ts), kept small (a unit test fails it past 5 kB gzip), loaded with the
// page's CSP nonce.

interface VariantFacts {
  id: number;
  sku: string;
  soldOut: boolean;
  max: number;
  /** Text for each `[data-v="name"]` element on the page; "" hides the element. */
  text: Record<string, string>;
}

interface AddAnswer {
  ok: boolean;
  cartCount?: number;
  message?: string;
  error?: string;
}

// Browser tests (and anyone debugging a CSP refusal) can tell whether the script ran.
document.documentElement.dataset.enhanced = "true";

const all = <T extends Element>(selector: string, root: ParentNode = document) => Array.from(root.querySelectorAll<T>(selector));
const one = <T extends Element>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);

function submit(form: HTMLFormElement) {
  if (form.requestSubmit) form.requestSubmit();
  else form.submit();
}

// Filters and sort apply on change. A menu applies at once; a typed field (the price range)
// applies when the shopper leaves the form, so moving from "min" to "max" does not reload.
let edited: HTMLFormElement | null = null;
document.addEventListener("change", (event) => {
  const field = event.target as HTMLInputElement | HTMLSelectElement;
  const form = field.form;
  if (!form || !form.hasAttribute("data-autosubmit")) return;
  if (field instanceof HTMLSelectElement || field.type === "radio" || field.type === "checkbox") submit(form);
  else edited = form;
});
document.addEventListener("focusout", (event) => {
  const next = (event as FocusEvent).relatedTarget as Node | null;
  if (edited && !(next && edited.contains(next))) {
    const form = edited;
    edited = null;
    submit(form);
  }
});
for (const button of all<HTMLElement>("[data-autosubmit] [data-apply]")) button.hidden = true;

// The product page's buy bar: 加入购物车 adds in place; 立即购买 (a button with its own
// formaction) posts as a plain form and lands on checkout.
const buy = one<HTMLFormElement>("form[data-buy]");
if (buy) {
  const status = one<HTMLElement>("[data-buy-status]", buy);
  const message = one<HTMLElement>("[data-buy-message]", buy);
  const cartLink = one<HTMLElement>("[data-buy-cart]", buy);
  const say = (text: string, failed: boolean) => {
    if (!status || !message) return;
    status.classList.toggle("is-error", failed);
    message.textContent = text;
    if (cartLink) cartLink.hidden = failed;
  };
  let busy = false;

  buy.addEventListener("submit", async (event) => {
    const submitter = (event as SubmitEvent).submitter;
    if (submitter?.hasAttribute("formaction")) return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    buy.setAttribute("aria-busy", "true");
    try {
      const body = new URLSearchParams();
      new FormData(buy).forEach((value, name) => typeof value === "string" && body.append(name, value));
      const response = await fetch(buy.dataset.buy!, { method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin" });
      const answer = (await response.json()) as AddAnswer;
      const count = answer.cartCount;
      if (answer.ok && typeof count === "number") {
        const plural = new Intl.PluralRules(document.documentElement.lang).select(count);
        const label = (plural === "one" ? buy.dataset.cartOne : buy.dataset.cartOther)?.replace(/\d+/, String(count));
        for (const badge of all<HTMLElement>(".cart-link__count")) {
          badge.textContent = String(count);
          const link = badge.closest("a");
          if (link && label) link.setAttribute("aria-label", label);
        }
        say(answer.message ?? "", false);
      } else {
        say(answer.error ?? buy.dataset.failed ?? "", true);
      }
    } catch {
      say(buy.dataset.failed ?? "", true);
    } finally {
      busy = false;
      buy.removeAttribute("aria-busy");
    }
  });

  // Choosing a size updates the price, unit price, shipping and the bar in place (the size
  // links still work as links: a sold-out size, or a page whose bar is disabled, navigates).
  const facts = one("#variant-facts");
  const variants: VariantFacts[] = facts ? JSON.parse(facts.textContent ?? "[]") : [];
  document.addEventListener("click", (event) => {
    const mouse = event as MouseEvent;
    const link = (event.target as Element).closest<HTMLAnchorElement>("a[data-sku]");
    if (!link || mouse.button || mouse.metaKey || mouse.ctrlKey || mouse.shiftKey || mouse.altKey) return;
    const variant = variants.find((candidate) => candidate.sku === link.dataset.sku);
    const addButton = one<HTMLButtonElement>("button:not([formaction])", buy);
    if (!variant || variant.soldOut || !addButton || addButton.disabled) return;
    event.preventDefault();
    for (const option of all<HTMLAnchorElement>("a[data-sku]")) {
      const chosen = option === link;
      option.classList.toggle("is-selected", chosen);
      if (chosen) option.setAttribute("aria-current", "true");
      else option.removeAttribute("aria-current");
    }
    for (const element of all<HTMLElement>("[data-v]")) {
      const text = variant.text[element.dataset.v!];
      if (text === undefined) continue;
      element.textContent = text;
      element.hidden = text === "";
    }
    history.replaceState(history.state, "", link.href);
    for (const input of all<HTMLInputElement>('input[name="variantId"]')) input.value = String(variant.id);
    for (const input of all<HTMLInputElement>('input[name="variant"]')) input.value = variant.sku;
    for (const input of all<HTMLInputElement>('input[name="redirectTo"]')) input.value = location.pathname + location.search;
    for (const input of all<HTMLInputElement>('input[name="quantity"]')) input.max = String(Math.max(variant.max, 1));
    say("", false);
    if (cartLink) cartLink.hidden = true;
  });
}
