export default {
  brand: { name: "山水集市", home: "山水集市首页", tagline: "重庆合作社的认证绿色农产品" },
  nav: {
    label: "主导航",
    skip: "跳到主要内容",
    products: "全部商品",
    cooperatives: "合作社",
    login: "登录",
    account: "我的账户",
    cartWithCount: "购物车，{{count}} 件商品",
    switchLanguage: "English",
  },
  search: { label: "搜索商品", placeholder: "搜索脐橙、花椒、蜂蜜…", submit: "搜索" },
  footer: {
    tagline: "山水集市 · 让山里的好东西走出大山",
    note: "演示站点：证书与商标编号均为虚构。",
  },
  errors: {
    home: "回到首页",
    browse: "逛逛商品",
    notFound: { title: "页面不存在", body: "您要找的页面不存在或已下架。" },
    forbidden: { title: "无权访问", body: "您的账户无权查看此页面。" },
    badRequest: { title: "请求有误", body: "请检查输入后重试。" },
    tooMany: { title: "请求过于频繁", body: "请稍后再试。" },
    serverError: { title: "出错了", body: "我们遇到了问题，请稍后重试。" },
  },
  money: { currency: "¥" },
} as const;
