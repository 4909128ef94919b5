export default {
  brand: { name: "Shanshui Market", home: "Shanshui Market home", tagline: "Certified green produce from Chongqing cooperatives" },
  nav: {
    label: "Main",
    skip: "Skip to main content",
    products: "Shop all",
    cooperatives: "Cooperatives",
    login: "Log in",
    account: "My account",
    cartWithCount: "Cart, {{count}} items",
    switchLanguage: "中文",
  },
  search: { label: "Search products", placeholder: "Search navel orange, pepper, honey…", submit: "Search" },
  footer: {
    tagline: "Shanshui Market · good things from the mountains, to your door",
    note: "Demo site: certificate and trademark numbers are fictional.",
  },
  errors: {
    home: "Back to the home page",
    browse: "Browse products",
    notFound: { title: "Page not found", body: "The page you are looking for does not exist or is no longer on sale." },
    forbidden: { title: "Not allowed", body: "Your account cannot see this page." },
    badRequest: { title: "Something in the request was wrong", body: "Please check what you entered and try again." },
    tooMany: { title: "Too many requests", body: "Please wait a moment and try again." },
    serverError: { title: "Something went wrong", body: "We hit a problem. Please try again shortly." },
  },
  money: { currency: "¥" },
} as const;
