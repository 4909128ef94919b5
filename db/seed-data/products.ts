import type { ProductSeed, VariantSeed } from "~db/seed-data/types";

// The demo catalogue. A product whose copy names a certified property (绿色食品, 有机,
// 地理标志, 无公害 and their English words) links a verified, unexpired certificate of
// that type; the seed test holds every active product to that rule.

function v(sku: string, labelZh: string, labelEn: string, weightGrams: number, priceFen: number, stock: number): VariantSeed {
  return { sku, labelZh, labelEn, weightGrams, priceFen, stock };
}

const fengjie: ProductSeed[] = [
  {
    slug: "fengjie-navel-orange",
    cooperative: "fengjie-navel-orange",
    brand: "kuizhouhong",
    category: "fruit",
    nameZh: "奉节脐橙",
    nameEn: "Fengjie Navel Orange",
    descriptionZh:
      "长江边向阳坡地上自然挂树成熟的脐橙，十一月下旬开始采摘。果皮薄而易剥，果肉脆嫩化渣，酸甜清爽，几乎无籽。每个果子在社里分拣线上按大小分级，采下三天内发货。本品获绿色食品认证，按标准控制用药和施肥。",
    descriptionEn:
      "Navel oranges left to ripen on the tree on sunny slopes above the Yangtze, picked from late November. The skin is thin and peels easily; the flesh is crisp, juicy and almost seedless, sweet with a bright acidity. Every fruit is sized on the cooperative's own grading line and shipped within three days of picking. Certified Green Food, grown to its limits on sprays and fertiliser.",
    temperature: "ambient",
    shelfLifeDays: 30,
    seasonMonths: [11, 12, 1, 2],
    illustration: "orange",
    certifications: ["fengjie-green-food", "fengjie-gi", "fengjie-poverty"],
    variants: [
      v("FJ-NAVEL-5KG", "5 公斤装（约 20 个）", "5 kg box (about 20 fruits)", 5000, 7990, 480),
      v("FJ-NAVEL-10KG", "10 公斤装（约 40 个）", "10 kg box (about 40 fruits)", 10000, 14900, 160),
    ],
  },
  {
    slug: "fengjie-late-navel-orange",
    cooperative: "fengjie-navel-orange",
    brand: "kuizhouhong",
    category: "fruit",
    nameZh: "奉节晚熟脐橙",
    nameEn: "Fengjie Late-Season Navel Orange",
    descriptionZh:
      "晚熟脐橙在树上越冬，三月到五月才采，比冬季脐橙多挂树三个月，糖度更高，果肉更紧实，带一点蜜香。正是春天鲜橙少的时候，适合榨汁，也适合直接剥着吃。",
    descriptionEn:
      "Late navel oranges winter on the tree and are picked from March to May, three months after the main crop, so they come in sweeter, firmer and faintly honeyed. They arrive just when fresh oranges are scarce: wonderful juiced, just as good peeled.",
    temperature: "ambient",
    shelfLifeDays: 25,
    seasonMonths: [3, 4, 5],
    illustration: "orange",
    certifications: ["fengjie-organic-pending"],
    variants: [
      v("FJ-LATE-5KG", "5 公斤装", "5 kg box", 5000, 8990, 220),
      v("FJ-LATE-10KG", "10 公斤装", "10 kg box", 10000, 16900, 80),
    ],
  },
  {
    slug: "fengjie-dried-orange-slices",
    cooperative: "fengjie-navel-orange",
    brand: "kuizhouhong-29",
    category: "preserved",
    nameZh: "奉节脐橙果干片",
    nameEn: "Dried Fengjie Navel Orange Slices",
    descriptionZh:
      "用分级时个头偏小的奉节脐橙连皮切片，低温烘干十二小时，不加糖、不加色素。片片透亮，嚼起来先酸后甜，带着橙皮的清香；泡水、配红茶或直接当零食都好。",
    descriptionEn:
      "Smaller Fengjie navel oranges from the grading line, sliced skin-on and dried low and slow for twelve hours, with no added sugar or colouring. The slices glow like stained glass and chew tart, then sweet, with the perfume of the peel. Steep them in hot water, add them to black tea or snack on them as they are.",
    temperature: "ambient",
    shelfLifeDays: 270,
    seasonMonths: [12, 1, 2],
    illustration: "dried-slices",
    variants: [v("FJ-SLICE-150G", "150 克袋装", "150 g pouch", 150, 2990, 300)],
  },
];

const wushan: ProductSeed[] = [
  {
    slug: "wushan-crisp-plum",
    cooperative: "wushan-crisp-plum",
    brand: "wuxiaqing",
    category: "fruit",
    nameZh: "巫山脆李",
    nameEn: "Wushan Crisp Plum",
    descriptionZh:
      "巫峡口山坡上的青脆李，七月中旬到八月采收。果皮青中透黄，一口咬下去“嘎嘣”脆响，果肉离核、汁水清甜，回味微酸。农产品地理标志产品，冷链发货，收到后放冰箱冷藏口感最好。",
    descriptionEn:
      "Green crisp plums from the slopes at the mouth of the Wu Gorge, picked from mid-July through August. The skin is green blushing to gold; the first bite snaps, and the freestone flesh is sweet and juicy with a clean sour finish. A registered agricultural geographical indication, shipped cold: keep them in the fridge for the best crunch.",
    temperature: "chilled",
    shelfLifeDays: 12,
    seasonMonths: [7, 8],
    illustration: "plum",
    certifications: ["wushan-gi", "wushan-green-food"],
    variants: [
      v("WS-PLUM-2500G", "2.5 公斤装", "2.5 kg box", 2500, 6990, 260),
      v("WS-PLUM-5KG", "5 公斤装", "5 kg box", 5000, 12800, 120),
    ],
  },
  {
    slug: "wushan-crisp-plum-early",
    cooperative: "wushan-crisp-plum",
    brand: "wuxiaqing",
    category: "fruit",
    nameZh: "巫山早熟脆李",
    nameEn: "Wushan Early Crisp Plum",
    descriptionZh:
      "低海拔江边果园的早熟脆李，六月下旬最先上市，个头略小、酸味更足，是一年里第一口脆李。今年的早熟李已经卖完，七月中旬主季脆李上市。",
    descriptionEn:
      "Early plums from the low riverside orchards, the first of the year in late June: a little smaller and more tart than the main crop. This year's early plums have sold out; the main crisp plum harvest starts in mid-July.",
    temperature: "chilled",
    shelfLifeDays: 10,
    seasonMonths: [6, 7],
    illustration: "plum",
    harvestedDaysAgo: 40,
    variants: [
      v("WS-EARLY-2500G", "2.5 公斤装", "2.5 kg box", 2500, 5990, 0),
      v("WS-EARLY-5KG", "5 公斤装", "5 kg box", 5000, 10900, 0),
    ],
  },
  {
    slug: "wushan-dried-plum",
    cooperative: "wushan-crisp-plum",
    brand: "wuxiaqing-29",
    category: "preserved",
    nameZh: "巫山李子干",
    nameEn: "Wushan Dried Plums",
    descriptionZh:
      "脆李采收季的落果和小果去核晒干，只用少许冰糖腌渍。果干肉厚有嚼劲，酸甜开胃，带着李皮特有的清香，冬天也能尝到夏天的巫峡。",
    descriptionEn:
      "Windfalls and small plums from the harvest, stoned and sun-dried with just a little rock sugar. Thick, chewy and tangy-sweet, with the green scent of plum skin: a taste of a Wu Gorge summer in the middle of winter.",
    temperature: "ambient",
    shelfLifeDays: 240,
    seasonMonths: [8, 9],
    illustration: "dried-slices",
    variants: [
      v("WS-DRIED-250G", "250 克袋装", "250 g pouch", 250, 3200, 180),
      v("WS-DRIED-500G", "500 克袋装", "500 g pouch", 500, 5800, 90),
    ],
  },
];

const fuling: ProductSeed[] = [
  {
    slug: "fuling-preserved-mustard-tuber",
    cooperative: "fuling-mustard-tuber",
    brand: "wujiangpan",
    category: "preserved",
    nameZh: "涪陵榨菜（老坛原味）",
    nameEn: "Fuling Zhacai, Classic",
    descriptionZh:
      "青菜头在江边风架上自然风干脱水，再三腌三榨，入坛后熟三个月。切成粗丝，咸香脆爽，带一点辣；配白粥、下面条、炒肉丝都离不开它。绿色食品认证产品，小袋独立包装。",
    descriptionEn:
      "Mustard tuber wind-dried on riverside racks, then salted and pressed three times and cured in crocks for three months. Cut into thick strips: crunchy, savoury and gently spicy, the thing that makes rice porridge, noodles and stir-fried pork sing. Certified Green Food, in single-serve sachets.",
    temperature: "ambient",
    shelfLifeDays: 300,
    seasonMonths: [2, 3, 4],
    illustration: "mustard-tuber",
    certifications: ["fuling-green-food"],
    variants: [
      v("FL-ZHACAI-80GX10", "80 克 × 10 袋", "10 × 80 g sachets", 800, 1990, 900),
      v("FL-ZHACAI-80GX30", "80 克 × 30 袋", "30 × 80 g sachets", 2400, 4990, 400),
    ],
  },
  {
    slug: "fuling-zhacai-light-salt",
    cooperative: "fuling-mustard-tuber",
    brand: "wujiangpan",
    category: "preserved",
    nameZh: "涪陵低盐榨菜丝",
    nameEn: "Fuling Light-Salt Zhacai Shreds",
    descriptionZh:
      "同样的老坛榨菜，脱盐后切成细丝，只拌一点菜籽油和花椒，盐分比传统做法低三成，清脆不齁，适合每天早餐。",
    descriptionEn:
      "The same crock-cured zhacai, rinsed of some of its salt and cut into fine shreds with a touch of rapeseed oil and Sichuan pepper. About 30% less salt than the traditional cure: crisp, never harsh, made for every day's breakfast.",
    temperature: "ambient",
    shelfLifeDays: 240,
    seasonMonths: [2, 3, 4],
    illustration: "mustard-tuber",
    variants: [v("FL-LIGHT-70GX12", "70 克 × 12 袋", "12 × 70 g sachets", 840, 2480, 520)],
  },
  {
    slug: "fuling-fresh-mustard-tuber",
    cooperative: "fuling-mustard-tuber",
    brand: "wujiangpan-31",
    category: "vegetables",
    nameZh: "涪陵鲜青菜头",
    nameEn: "Fresh Fuling Mustard Tuber",
    descriptionZh:
      "一月到三月刚出土的鲜青菜头，瘤状茎饱满，削皮后切片清炒、煮汤或凉拌，脆甜带一点芥辣。农产品地理标志产品，冷藏发货，收到后一周内吃完最鲜。",
    descriptionEn:
      "Freshly lifted mustard tuber, in season from January to March: knobbly, dense and crisp. Peel and slice it for a stir-fry, soup or a cold salad; it is sweet with a faint mustardy bite. A registered geographical indication, shipped chilled; best eaten within a week.",
    temperature: "chilled",
    shelfLifeDays: 10,
    seasonMonths: [1, 2, 3],
    illustration: "mustard-tuber",
    certifications: ["fuling-gi"],
    variants: [v("FL-FRESH-5KG", "5 公斤装", "5 kg box", 5000, 3990, 140)],
  },
];

const jiangjin: ProductSeed[] = [
  {
    slug: "jiangjin-green-sichuan-pepper",
    cooperative: "jiangjin-sichuan-pepper",
    brand: "jinjiao",
    category: "spices",
    nameZh: "江津青花椒",
    nameEn: "Jiangjin Green Sichuan Pepper",
    descriptionZh:
      "九叶青花椒六七月采摘，当天低温烘干，颗粒饱满、开口均匀，椒籽已筛净。青柠檬般的清香冲鼻，麻味纯正持久，做椒麻鸡、酸菜鱼、藤椒面都少不了。绿色食品认证。",
    descriptionEn:
      "Jiuyeqing green Sichuan pepper, cut in June and July and dried gently the same day: plump, evenly split husks with the black seeds sieved out. It smells of fresh lime and delivers a clean, long-lasting tingle; essential for numbing chicken, pickled-mustard fish and green-pepper noodles. Certified Green Food.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [6, 7, 8],
    illustration: "pepper",
    certifications: ["jiangjin-green-food", "jiangjin-gi"],
    variants: [
      v("JJ-PEPPER-250G", "250 克罐装", "250 g jar", 250, 3990, 600),
      v("JJ-PEPPER-500G", "500 克袋装", "500 g bag", 500, 7200, 300),
    ],
  },
  {
    slug: "jiangjin-fresh-green-pepper",
    cooperative: "jiangjin-sichuan-pepper",
    brand: "jinjiao",
    category: "spices",
    nameZh: "江津鲜花椒",
    nameEn: "Fresh Jiangjin Sichuan Pepper",
    descriptionZh:
      "只在六七月能吃到的鲜花椒，连枝剪下，颜色翠绿，香气比干花椒更清新。冷链发货，适合炝炒、泼油、做鲜椒鱼；吃不完可以分袋冷冻。",
    descriptionEn:
      "Fresh green Sichuan pepper, on the stem and bright green, only to be had in June and July; its scent is greener and brighter than dried pepper. Shipped cold, for sizzling-oil dishes and fresh-pepper fish; freeze what you can't use in small bags.",
    temperature: "chilled",
    shelfLifeDays: 7,
    seasonMonths: [6, 7],
    illustration: "pepper",
    certifications: ["jiangjin-pollution-free"],
    variants: [v("JJ-FRESH-1KG", "1 公斤装", "1 kg box", 1000, 4500, 60)],
  },
  {
    slug: "jiangjin-sichuan-pepper-oil",
    cooperative: "jiangjin-sichuan-pepper",
    brand: "jinjiao",
    category: "spices",
    nameZh: "江津藤椒油",
    nameEn: "Jiangjin Green Pepper Oil",
    descriptionZh:
      "鲜花椒下树后四小时内用热菜籽油浸提，麻香都锁在油里。拌凉面、蘸饺子、淋在清蒸鱼上，几滴就够。",
    descriptionEn:
      "Fresh Sichuan pepper steeped in hot rapeseed oil within four hours of picking, so all its fragrance and tingle end up in the bottle. A few drops on cold noodles, dumplings or steamed fish are all it takes.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [6, 7],
    illustration: "oil",
    variants: [v("JJ-OIL-400ML", "400 毫升瓶装", "400 ml bottle", 380, 2990, 350)],
  },
  {
    slug: "jiangjin-ground-sichuan-pepper",
    cooperative: "jiangjin-sichuan-pepper",
    brand: "jinjiao",
    category: "spices",
    nameZh: "江津花椒粉",
    nameEn: "Ground Jiangjin Sichuan Pepper",
    descriptionZh:
      "去籽青花椒小锅微炒后石磨细磨，每批只磨一周的量，开罐就是麻香。撒在烧烤、凉拌菜和麻婆豆腐上。",
    descriptionEn:
      "Seedless green pepper lightly toasted in a small pan and stone-ground fine, one week's worth at a time, so the jar opens to a burst of aroma. Dust it over barbecue, cold dishes and mapo tofu.",
    temperature: "ambient",
    shelfLifeDays: 365,
    seasonMonths: [6, 7, 8],
    illustration: "pepper",
    variants: [
      v("JJ-POWDER-100G", "100 克罐装", "100 g jar", 100, 1880, 420),
      v("JJ-POWDER-100GX3", "100 克 × 3 罐", "3 × 100 g jars", 300, 4990, 150),
    ],
  },
];

const tongnan: ProductSeed[] = [
  {
    slug: "tongnan-lemon",
    cooperative: "tongnan-lemon",
    brand: "ningxiang",
    category: "fruit",
    nameZh: "潼南柠檬",
    nameEn: "Tongnan Lemon",
    descriptionZh:
      "崇龛镇的尤力克黄柠檬，皮薄汁多，香气浓，酸得干净。采下当天清洗分级，不打蜡，可以放心连皮切片泡水。农产品地理标志产品，常温可放一个月以上。",
    descriptionEn:
      "Eureka lemons from Chongkan: thin-skinned, full of juice and intensely fragrant, with a clean sharp acidity. Washed and graded the day they are picked and never waxed, so you can slice them skin and all into water. A registered geographical indication; they keep for a month or more at room temperature.",
    temperature: "ambient",
    shelfLifeDays: 45,
    seasonMonths: [8, 9, 10, 11, 12],
    illustration: "lemon",
    certifications: ["tongnan-gi", "tongnan-green-food"],
    variants: [
      v("TN-LEMON-2500G", "2.5 公斤装", "2.5 kg box", 2500, 2990, 500),
      v("TN-LEMON-5KG", "5 公斤装", "5 kg box", 5000, 4990, 240),
    ],
  },
  {
    slug: "tongnan-fragrant-lemon",
    cooperative: "tongnan-lemon",
    brand: "ningxiang",
    category: "fruit",
    nameZh: "潼南香水柠檬",
    nameEn: "Tongnan Fragrant Lemon",
    descriptionZh:
      "绿皮的香水柠檬，果形细长，香气像青柠，酸而不涩，几乎无籽。做手打柠檬茶、泰式菜和海鲜蘸汁最合适。",
    descriptionEn:
      "Green-skinned fragrant lemons, long and slender, with a lime-like perfume, sour without bitterness and nearly seedless. The one for hand-pounded lemon tea, Thai-style dishes and seafood dips.",
    temperature: "ambient",
    shelfLifeDays: 20,
    seasonMonths: [6, 7, 8, 9],
    illustration: "lemon",
    variants: [v("TN-FRAGRANT-1500G", "1.5 公斤装", "1.5 kg box", 1500, 3690, 200)],
  },
  {
    slug: "tongnan-dried-lemon-slices",
    cooperative: "tongnan-lemon",
    brand: "ningxiang-30",
    category: "tea",
    nameZh: "潼南柠檬干片",
    nameEn: "Tongnan Dried Lemon Slices",
    descriptionZh:
      "鲜柠檬切成三毫米薄片，低温冻干，色泽金黄、不发苦。两三片加热水或冷水就是一杯柠檬水，也可以和蜂蜜、红茶一起泡。",
    descriptionEn:
      "Fresh lemons cut into 3 mm slices and freeze-dried, golden and never bitter. Two or three slices in hot or cold water make a glass of lemon water; or brew them with honey or black tea.",
    temperature: "ambient",
    shelfLifeDays: 365,
    seasonMonths: [9, 10, 11],
    illustration: "dried-slices",
    variants: [v("TN-SLICE-150G", "150 克罐装", "150 g jar", 150, 2680, 380)],
  },
  {
    slug: "tongnan-lemon-honey-tea",
    cooperative: "tongnan-lemon",
    brand: "ningxiang-30",
    category: "tea",
    status: "draft",
    nameZh: "潼南柠檬蜂蜜茶",
    nameEn: "Tongnan Lemon Honey Tea",
    descriptionZh: "鲜柠檬片与本地百花蜜一起腌渍成的柠檬蜂蜜茶酱，一勺冲一杯。配方还在调试，尚未上架。",
    descriptionEn: "Fresh lemon slices steeped in local wildflower honey into a spoonable tea base: one spoon per cup. The recipe is still being tested and is not on sale yet.",
    temperature: "ambient",
    shelfLifeDays: 180,
    seasonMonths: [10, 11, 12],
    illustration: "honey",
    variants: [v("TN-HONEYTEA-500G", "500 克瓶装", "500 g jar", 650, 3990, 0)],
  },
  {
    slug: "tongnan-rapeseed-oil",
    cooperative: "tongnan-lemon",
    brand: "ningxiang-29",
    category: "grain-oil",
    nameZh: "潼南小榨菜籽油",
    nameEn: "Tongnan Small-Press Rapeseed Oil",
    descriptionZh:
      "崇龛油菜花谢后五月收籽，晒干、小火炒香再物理压榨，只沉淀过滤，不精炼。颜色金黄，菜籽香浓，炒回锅肉、做川菜就是这个味。",
    descriptionEn:
      "Rapeseed harvested in May after Chongkan's famous flowers fade, sun-dried, gently roasted and pressed, then only settled and filtered, never refined. Deep gold with a rich nutty aroma: the authentic taste of twice-cooked pork and Sichuan home cooking.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [5, 6],
    illustration: "oil",
    variants: [
      v("TN-RAPE-1800ML", "1.8 升", "1.8 litres", 1650, 5990, 260),
      v("TN-RAPE-5L", "5 升", "5 litres", 4600, 13800, 90),
    ],
  },
];

const liangping: ProductSeed[] = [
  {
    slug: "liangping-pomelo",
    cooperative: "liangping-pomelo",
    brand: "shuanggui",
    category: "fruit",
    nameZh: "梁平柚",
    nameEn: "Liangping Pomelo",
    descriptionZh:
      "梁平柚是“中国三大名柚”之一，果形扁圆，皮色金黄，瓤瓣淡黄晶莹，甜中带一点特有的回甘，不苦不麻。十月中旬采摘，放一两周后风味更足，可以从国庆一直吃到春节。地理标志产品。",
    descriptionEn:
      "Liangping pomelo is one of China's three famous pomelos: flat-round, golden-skinned, with pale, glistening segments that are sweet with a lingering finish and none of the bitterness other pomelos can have. Picked from mid-October and even better after a week or two, it lasts from National Day to Spring Festival. A registered geographical indication.",
    temperature: "ambient",
    shelfLifeDays: 60,
    seasonMonths: [10, 11, 12],
    illustration: "pomelo",
    certifications: ["liangping-gi"],
    variants: [
      v("LP-POMELO-2PC", "2 个装（约 3 公斤）", "2 fruits (about 3 kg)", 3000, 4580, 300),
      v("LP-POMELO-4PC", "4 个装（约 6 公斤）", "4 fruits (about 6 kg)", 6000, 8600, 150),
    ],
  },
  {
    slug: "liangping-pomelo-2024",
    cooperative: "liangping-pomelo",
    brand: "shuanggui",
    category: "fruit",
    status: "archived",
    nameZh: "梁平柚（2024 产季）",
    nameEn: "Liangping Pomelo (2024 season)",
    descriptionZh: "2024 年产季的梁平柚，已经下架。新一季的梁平柚请看本合作社的当季商品。",
    descriptionEn: "Liangping pomelos from the 2024 season, no longer on sale. See the cooperative's current-season pomelos instead.",
    temperature: "ambient",
    shelfLifeDays: 60,
    seasonMonths: [10, 11, 12],
    illustration: "pomelo",
    harvestedDaysAgo: 400,
    variants: [v("LP-POMELO24-2PC", "2 个装", "2 fruits", 3000, 4280, 0)],
  },
  {
    slug: "liangping-rice",
    cooperative: "liangping-pomelo",
    brand: "shuanggui-30",
    category: "grain-oil",
    nameZh: "梁平坝子新米",
    nameEn: "Liangping Plain New-Crop Rice",
    descriptionZh:
      "梁平坝子一年一季的中稻，九月收割，稻谷低温储存、现碾现发。米粒饱满透亮，煮饭清香，冷了也不回生。绿色食品认证大米。",
    descriptionEn:
      "One crop a year from the paddies of the Liangping plain, harvested in September, stored cool as paddy and milled to order. Plump, translucent grains that cook up fragrant and stay soft even when cold. Certified Green Food rice.",
    temperature: "ambient",
    shelfLifeDays: 240,
    seasonMonths: [9, 10],
    illustration: "rice",
    certifications: ["liangping-green-food"],
    variants: [
      v("LP-RICE-5KG", "5 公斤装", "5 kg bag", 5000, 6990, 400),
      v("LP-RICE-10KG", "10 公斤装", "10 kg bag", 10000, 12900, 150),
    ],
  },
  {
    slug: "liangping-smoked-duck",
    cooperative: "liangping-pomelo",
    brand: "shuanggui-29",
    category: "meat",
    nameZh: "梁平柚木熏鸭",
    nameEn: "Liangping Smoked Duck",
    descriptionZh:
      "稻田里放养一季的麻鸭，秋后按梁平老法腌制，用柚子壳和柏树枝慢熏。皮色枣红，肉质紧实，咸鲜里带着柚皮的清香。蒸二十分钟切块即可。",
    descriptionEn:
      "Ducks that spent the summer in the rice paddies, cured the old Liangping way after harvest and slowly smoked over pomelo peel and cypress. Mahogany skin, firm flesh, salty-savoury with a hint of citrus. Steam for twenty minutes, then chop and serve.",
    temperature: "chilled",
    shelfLifeDays: 60,
    seasonMonths: [11, 12, 1],
    illustration: "poultry",
    variants: [v("LP-DUCK-900G", "整只（约 900 克）", "Whole duck (about 900 g)", 900, 8800, 70)],
  },
];

const yongchuan: ProductSeed[] = [
  {
    slug: "yongchuan-xiuya-mingqian",
    cooperative: "yongchuan-xiuya-tea",
    brand: "jishanxiu",
    category: "tea",
    nameZh: "永川秀芽·明前特级",
    nameEn: "Yongchuan Xiuya, Pre-Qingming Premium",
    descriptionZh:
      "清明前采的一芽一叶初展，条索紧直细秀，色泽翠绿显毫。八十度水冲泡，汤色嫩绿明亮，栗香带兰花香，入口鲜爽回甘。箕山茶园通过有机产品认证（GB/T 19630），不用化学农药和化肥。",
    descriptionEn:
      "Picked before Qingming, one bud and one just-opened leaf, shaped into tight, straight, downy needles. Brew at 80 °C for a bright jade liquor that smells of chestnut and orchid, fresh and sweet on the finish. The Jishan gardens are certified organic (GB/T 19630): no synthetic pesticides or fertilisers.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [3, 4],
    illustration: "tea",
    certifications: ["yongchuan-organic", "yongchuan-gi"],
    variants: [
      v("YC-XIUYA-MQ-100G", "100 克罐装", "100 g tin", 100, 16800, 120),
      v("YC-XIUYA-MQ-250G", "250 克礼盒", "250 g gift box", 250, 39800, 40),
    ],
  },
  {
    slug: "yongchuan-xiuya-yuqian",
    cooperative: "yongchuan-xiuya-tea",
    brand: "jishanxiu",
    category: "tea",
    nameZh: "永川秀芽·雨前一级",
    nameEn: "Yongchuan Xiuya, Pre-Grain-Rain Grade One",
    descriptionZh:
      "清明到谷雨之间采摘，叶片稍展，滋味比明前茶更醇厚耐泡，价格也更亲民，适合每天办公室里泡一杯。",
    descriptionEn:
      "Picked between Qingming and Grain Rain, when the leaves have opened a little more: fuller-bodied than the premium grade, good for several infusions, and kinder on the wallet. An everyday cup for the office.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [4, 5],
    illustration: "tea",
    certifications: ["yongchuan-gi"],
    variants: [v("YC-XIUYA-YQ-250G", "250 克袋装", "250 g bag", 250, 12800, 200)],
  },
  {
    slug: "yongchuan-black-tea",
    cooperative: "yongchuan-xiuya-tea",
    brand: "jishanxiu",
    category: "tea",
    nameZh: "箕山工夫红茶",
    nameEn: "Jishan Gongfu Black Tea",
    descriptionZh:
      "夏秋茶鲜叶经萎凋、揉捻、发酵、烘干制成的工夫红茶，汤色红亮，有蜜香和薯香，入口甜润不涩。热泡冷泡都好，也适合煮奶茶。",
    descriptionEn:
      "Summer and autumn leaf withered, rolled, oxidised and dried into a gongfu black tea with a bright ruby liquor, notes of honey and roasted sweet potato, smooth and never astringent. Lovely hot or cold-brewed, and sturdy enough for milk tea.",
    temperature: "ambient",
    shelfLifeDays: 720,
    seasonMonths: [6, 7, 8, 9],
    illustration: "tea",
    variants: [v("YC-BLACK-150G", "150 克罐装", "150 g tin", 150, 9800, 160)],
  },
];

const wanzhou: ProductSeed[] = [
  {
    slug: "wanzhou-rose-scented-orange",
    cooperative: "wanzhou-rose-orange",
    brand: "pinghuxiang",
    category: "fruit",
    nameZh: "万州玫瑰香橙",
    nameEn: "Wanzhou Rose-Scented Orange",
    descriptionZh:
      "万州独有的晚熟甜橙，果皮橙红，剥开有淡淡的玫瑰花香。果肉细嫩多汁，甜度高而酸度低，一月到三月采摘，是过年餐桌上的好水果。",
    descriptionEn:
      "A late sweet orange found only in Wanzhou, with a deep orange-red skin that releases a faint scent of roses as you peel it. The flesh is tender and juicy, high in sugar and low in acid. Picked from January to March, just in time for the New Year table.",
    temperature: "ambient",
    shelfLifeDays: 30,
    seasonMonths: [1, 2, 3],
    illustration: "orange",
    certifications: ["wanzhou-green-food", "wanzhou-poverty"],
    variants: [
      v("WZ-ROSE-5KG", "5 公斤装", "5 kg box", 5000, 8800, 210),
      v("WZ-ROSE-2500G", "2.5 公斤尝鲜装", "2.5 kg trial box", 2500, 4990, 150),
    ],
  },
  {
    slug: "wanzhou-heritage-red-tangerine",
    cooperative: "wanzhou-rose-orange",
    brand: "pinghuxiang",
    category: "fruit",
    nameZh: "万州古红橘",
    nameEn: "Wanzhou Heritage Red Tangerine",
    descriptionZh:
      "来自挂牌保护的百年红橘古树，果小皮红，一剥就开，味道酸甜浓郁，是很多重庆人记忆里小时候的橘子味。产量有限，每棵树只摘一次。",
    descriptionEn:
      "From protected tangerine trees more than a century old: small, scarlet and easy to peel, with an intense sweet-sour flavour that many Chongqing people remember from childhood. Supply is small; each tree is picked only once.",
    temperature: "ambient",
    shelfLifeDays: 20,
    seasonMonths: [11, 12],
    illustration: "mandarin",
    variants: [v("WZ-TANGERINE-2500G", "2.5 公斤装", "2.5 kg box", 2500, 3990, 90)],
  },
  {
    slug: "wanzhou-aged-tangerine-peel",
    cooperative: "wanzhou-rose-orange",
    brand: "pinghuxiang-29",
    category: "preserved",
    nameZh: "万州红橘陈皮",
    nameEn: "Wanzhou Aged Tangerine Peel",
    descriptionZh:
      "古红橘的果皮手工三刀开皮，晒干后在竹篓里陈放三年，香气由冲转醇。炖汤、煮红豆沙、泡茶时放一小片，满屋橘香。",
    descriptionEn:
      "Peel from the heritage tangerines, opened by hand in three cuts, sun-dried and aged in bamboo baskets for three years until its sharpness mellows. A small piece in soups, red-bean dessert or tea fills the kitchen with citrus.",
    temperature: "ambient",
    shelfLifeDays: 1095,
    seasonMonths: [12, 1],
    illustration: "dried-slices",
    variants: [v("WZ-PEEL-100G", "100 克罐装", "100 g tin", 100, 3990, 130)],
  },
];

const zhongxian: ProductSeed[] = [
  {
    slug: "zhongxian-ponkan-mandarin",
    cooperative: "zhongxian-citrus",
    brand: "zhongzhouju",
    category: "fruit",
    nameZh: "忠县椪柑",
    nameEn: "Zhongxian Ponkan Mandarin",
    descriptionZh:
      "三峡库区江边的椪柑，皮松易剥，果肉橙黄脆嫩，甜度高，化渣好。十一月下旬到十二月采摘，一家人围坐剥橘子的那种橘子。",
    descriptionEn:
      "Ponkan mandarins from the banks of the Three Gorges reservoir: loose, easy-peel skin, crisp golden segments, very sweet and melting. Picked from late November into December; the mandarin you peel with the whole family round the table.",
    temperature: "ambient",
    shelfLifeDays: 25,
    seasonMonths: [11, 12],
    illustration: "mandarin",
    certifications: ["zhongxian-green-food", "zhongxian-pollution-free-lapsed"],
    variants: [
      v("ZX-PONKAN-5KG", "5 公斤装", "5 kg box", 5000, 4990, 320),
      v("ZX-PONKAN-2500G", "2.5 公斤装", "2.5 kg box", 2500, 2790, 200),
    ],
  },
  {
    slug: "zhongxian-newhall-navel-orange",
    cooperative: "zhongxian-citrus",
    brand: "zhongzhouju",
    category: "fruit",
    nameZh: "忠县纽荷尔脐橙",
    nameEn: "Zhongxian Newhall Navel Orange",
    descriptionZh:
      "纽荷尔是脐橙里颜色最红的品种，果形端正，果皮光滑。忠县的纽荷尔脐橙糖酸比高，果肉脆嫩多汁，适合送人也适合榨汁。地理标志产品“忠县柑橘”。",
    descriptionEn:
      "Newhall is the reddest of the navel oranges: neat round fruit with glossy skin. Zhongxian's Newhall navel oranges have a high sugar-to-acid ratio and crisp, juicy flesh; good for gifts, good for juicing. Sold under the registered geographical indication Zhongxian Citrus.",
    temperature: "ambient",
    shelfLifeDays: 30,
    seasonMonths: [12, 1],
    illustration: "orange",
    certifications: ["zhongxian-gi", "zhongxian-green-food"],
    variants: [v("ZX-NAVEL-5KG", "5 公斤装", "5 kg box", 5000, 6590, 260)],
  },
  {
    slug: "zhongxian-blood-orange",
    cooperative: "zhongxian-citrus",
    brand: "zhongzhouju",
    category: "fruit",
    nameZh: "忠县塔罗科血橙",
    nameEn: "Zhongxian Tarocco Blood Orange",
    descriptionZh:
      "塔罗科血橙的果肉带着玫瑰红的花纹，越往冬末颜色越深。入口先是浓郁的橙香，后面有一点树莓般的果酸。一月到二月采摘。",
    descriptionEn:
      "Tarocco blood oranges, their flesh streaked ruby red and darker the later in winter they are picked. Rich orange flavour first, then a raspberry-like tang. Harvested in January and February.",
    temperature: "ambient",
    shelfLifeDays: 25,
    seasonMonths: [1, 2],
    illustration: "blood-orange",
    variants: [v("ZX-BLOOD-5KG", "5 公斤装", "5 kg box", 5000, 7990, 140)],
  },
];

const kaizhou: ProductSeed[] = [
  {
    slug: "kaizhou-spring-orange",
    cooperative: "kaizhou-spring-orange",
    brand: "hanfengchun",
    category: "fruit",
    nameZh: "开州春橙",
    nameEn: "Kaizhou Spring Orange",
    descriptionZh:
      "开州春橙在树上挂过整个冬天，三月到五月才采，比冬季的脐橙晚熟近半年。果肉细嫩化渣，汁多味浓，甜中带一点清爽的酸，是春天难得的鲜橙。",
    descriptionEn:
      "Kaizhou spring oranges hang on the tree through the whole winter and are picked from March to May, nearly half a year after the winter navel oranges. Tender, melting flesh, lots of juice and deep flavour, sweet with a refreshing edge: a rare fresh orange in spring.",
    temperature: "ambient",
    shelfLifeDays: 25,
    seasonMonths: [3, 4, 5],
    illustration: "orange",
    certifications: ["kaizhou-green-food", "kaizhou-gap"],
    variants: [
      v("KZ-SPRING-5KG", "5 公斤装", "5 kg box", 5000, 8990, 180),
      v("KZ-SPRING-9KG", "9 公斤家庭装", "9 kg family box", 9000, 15800, 60),
    ],
  },
  {
    slug: "kaizhou-winter-peach",
    cooperative: "kaizhou-spring-orange",
    brand: "hanfengchun",
    category: "fruit",
    nameZh: "开州冬桃",
    nameEn: "Kaizhou Winter Peach",
    descriptionZh:
      "十月底到十一月才成熟的晚熟桃，果皮青白透红，果肉白色，硬脆清甜。这个季节别处早已没有鲜桃，冬桃是合作社秋天的惊喜。",
    descriptionEn:
      "A late peach that only ripens from late October into November: pale green skin with a rosy blush, white flesh, firm, crisp and sweet. Nowhere else has fresh peaches this late; the cooperative's autumn surprise.",
    temperature: "chilled",
    shelfLifeDays: 14,
    seasonMonths: [10, 11],
    illustration: "peach",
    certifications: ["kaizhou-gap"],
    variants: [v("KZ-PEACH-2500G", "2.5 公斤装（约 12 个）", "2.5 kg box (about 12 fruits)", 2500, 5990, 110)],
  },
];

const qianjiang: ProductSeed[] = [
  {
    slug: "qianjiang-red-heart-kiwifruit",
    cooperative: "qianjiang-kiwifruit",
    brand: "wulinghong",
    category: "fruit",
    nameZh: "黔江红心猕猴桃",
    nameEn: "Qianjiang Red-Heart Kiwifruit",
    descriptionZh:
      "切开果心一圈放射状的红，果肉细腻，糖度可达十八度以上，几乎不酸。九月采收后在社里冷库预冷，收到后和苹果放在一起催熟两三天，捏起来微软就能吃。农产品地理标志产品。",
    descriptionEn:
      "Cut one open and a ring of red radiates from the core; the flesh is silky and can top 18° Brix with hardly any acidity. Picked in September and pre-cooled in the cooperative's store. Ripen for two or three days beside an apple until slightly soft. A registered geographical indication.",
    temperature: "ambient",
    shelfLifeDays: 21,
    seasonMonths: [9, 10],
    illustration: "kiwi",
    certifications: ["qianjiang-gi", "qianjiang-green-food"],
    variants: [
      v("QJ-KIWI-RED-12", "12 个装（约 1.2 公斤）", "12 fruits (about 1.2 kg)", 1200, 5990, 240),
      v("QJ-KIWI-RED-24", "24 个装（约 2.4 公斤）", "24 fruits (about 2.4 kg)", 2400, 10900, 120),
    ],
  },
  {
    slug: "qianjiang-golden-kiwifruit",
    cooperative: "qianjiang-kiwifruit",
    brand: "wulinghong",
    category: "fruit",
    nameZh: "黔江黄心猕猴桃",
    nameEn: "Qianjiang Golden Kiwifruit",
    descriptionZh:
      "黄心猕猴桃果皮光滑少毛，果肉金黄，酸甜平衡，带热带水果般的香气。比红心晚半个月成熟。",
    descriptionEn:
      "Golden kiwifruit with smooth, nearly hairless skin and golden flesh, balanced between sweet and tart, with a tropical fragrance. Ripens about two weeks after the red-heart variety.",
    temperature: "ambient",
    shelfLifeDays: 21,
    seasonMonths: [9, 10, 11],
    illustration: "kiwi",
    certifications: ["qianjiang-organic-pending"],
    variants: [v("QJ-KIWI-GOLD-12", "12 个装（约 1.2 公斤）", "12 fruits (about 1.2 kg)", 1200, 5500, 200)],
  },
  {
    slug: "qianjiang-dried-kiwi-slices",
    cooperative: "qianjiang-kiwifruit",
    brand: "wulinghong-29",
    category: "preserved",
    nameZh: "黔江猕猴桃果干",
    nameEn: "Qianjiang Dried Kiwi Slices",
    descriptionZh: "熟透的红心猕猴桃去皮切片，低温烘干，果心的红圈清清楚楚。酸甜软糯，孩子很爱吃。",
    descriptionEn: "Fully ripe red-heart kiwis, peeled, sliced and dried slowly at low heat, with the red ring still clear at the centre. Soft, chewy and sweet-tart; children love them.",
    temperature: "ambient",
    shelfLifeDays: 270,
    seasonMonths: [10, 11],
    illustration: "dried-slices",
    variants: [v("QJ-KIWI-DRIED-200G", "200 克袋装", "200 g pouch", 200, 3200, 260)],
  },
];

const nanchuan: ProductSeed[] = [
  {
    slug: "nanchuan-fresh-square-bamboo-shoots",
    cooperative: "nanchuan-square-bamboo",
    brand: "fangzhushan",
    category: "vegetables",
    nameZh: "南川鲜方竹笋",
    nameEn: "Fresh Nanchuan Square Bamboo Shoots",
    descriptionZh:
      "金佛山海拔一千四百米以上的方竹笋，九十月出笋，笋身四方，肉厚脆嫩，没有一般竹笋的涩味。已剥壳焯水，真空冷藏发货，炒腊肉、炖鸡汤都鲜得很。农产品地理标志产品。",
    descriptionEn:
      "Square bamboo shoots from Jinfo Mountain above 1,400 metres, in season in September and October: four-sided, thick-walled, crisp and without the bitterness of ordinary shoots. Peeled and blanched, vacuum-packed and shipped chilled; superb stir-fried with cured pork or simmered with chicken. A registered geographical indication.",
    temperature: "chilled",
    shelfLifeDays: 15,
    seasonMonths: [9, 10],
    illustration: "bamboo-shoot",
    certifications: ["nanchuan-gi"],
    variants: [
      v("NC-SHOOT-1KG", "1 公斤装", "1 kg pack", 1000, 4800, 150),
      v("NC-SHOOT-2500G", "2.5 公斤装", "2.5 kg box", 2500, 10800, 50),
    ],
  },
  {
    slug: "nanchuan-dried-bamboo-shoots",
    cooperative: "nanchuan-square-bamboo",
    brand: "fangzhushan-29",
    category: "preserved",
    nameZh: "金佛山方竹笋干",
    nameEn: "Jinfo Mountain Dried Square Bamboo Shoots",
    descriptionZh:
      "鲜方竹笋蒸煮后柴火慢烘成笋干，色泽黄亮，泡发后脆嫩依旧。一年四季都能吃到方竹笋，炖猪蹄、烧牛肉最香。",
    descriptionEn:
      "Fresh square shoots steamed, then slowly dried over a wood fire to a bright gold; they soak back up tender and crisp. Square bamboo all year round, at its best braised with pork trotters or beef.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [10, 11],
    illustration: "bamboo-shoot",
    variants: [v("NC-DRIED-250G", "250 克袋装", "250 g bag", 250, 5800, 220)],
  },
  {
    slug: "nanchuan-fresh-shiitake",
    cooperative: "nanchuan-square-bamboo",
    brand: "fangzhushan",
    category: "vegetables",
    nameZh: "金佛山林下鲜香菇",
    nameEn: "Jinfo Mountain Forest Shiitake",
    descriptionZh:
      "在方竹林下用青冈木段种的香菇，生长慢，菌盖厚、菌褶白，香味浓。采下当天预冷装箱，冷链发货。绿色食品认证。",
    descriptionEn:
      "Shiitake grown on oak logs under the square bamboo forest: slow-growing, with thick caps, white gills and deep aroma. Pre-cooled and boxed the day they are picked, shipped cold. Certified Green Food.",
    temperature: "chilled",
    shelfLifeDays: 7,
    seasonMonths: [3, 4, 10, 11],
    illustration: "mushroom",
    certifications: ["nanchuan-green-food"],
    variants: [v("NC-SHIITAKE-1KG", "1 公斤装", "1 kg box", 1000, 3600, 90)],
  },
  {
    slug: "nanchuan-dried-shiitake",
    cooperative: "nanchuan-square-bamboo",
    brand: "fangzhushan-29",
    category: "preserved",
    nameZh: "金佛山花菇干",
    nameEn: "Jinfo Mountain Dried Flower Shiitake",
    descriptionZh:
      "冬季低温里长出的花菇，菌盖裂出白色花纹，肉厚紧实，晒干后香气是鲜菇的好几倍。泡发的水别倒，用来煲汤。",
    descriptionEn:
      "Flower shiitake grown in the winter cold, their caps cracked into white patterns, dense and meaty; drying multiplies their aroma several times. Keep the soaking water for soup.",
    temperature: "ambient",
    shelfLifeDays: 365,
    seasonMonths: [12, 1, 2],
    illustration: "mushroom",
    variants: [
      v("NC-FLOWER-250G", "250 克袋装", "250 g bag", 250, 4990, 180),
      v("NC-FLOWER-500G", "500 克礼盒", "500 g gift box", 500, 9200, 60),
    ],
  },
  {
    slug: "nanchuan-big-tree-tea",
    cooperative: "nanchuan-square-bamboo",
    brand: "fangzhushan-30",
    category: "tea",
    nameZh: "金佛山大树茶",
    nameEn: "Jinfo Mountain Big-Tree Tea",
    descriptionZh:
      "山顶几百棵老茶树的春芽，树龄都在百年以上，由几户老茶农爬树采摘，晒青制成。茶汤金黄，山野气息浓，苦尽回甘。有机产品认证（GB/T 19630）。",
    descriptionEn:
      "Spring buds from a few hundred tea trees near the summit, all over a century old, picked by a handful of families who climb the trees, then sun-dried. A golden cup with a wild mountain character and a bitter edge that turns sweet. Certified organic (GB/T 19630).",
    temperature: "ambient",
    shelfLifeDays: 720,
    seasonMonths: [3, 4],
    illustration: "tea",
    certifications: ["nanchuan-organic"],
    variants: [v("NC-TREETEA-100G", "100 克罐装", "100 g tin", 100, 12800, 70)],
  },
];

const shizhu: ProductSeed[] = [
  {
    slug: "shizhu-water-shield",
    cooperative: "shizhu-water-shield",
    brand: "huangshuichun",
    category: "vegetables",
    nameZh: "石柱莼菜",
    nameEn: "Shizhu Water Shield",
    descriptionZh:
      "黄水高山塘里手工采的莼菜嫩梢，裹着一层透明的胶质，入口滑嫩清爽。用山泉水瓶装后冷藏发货，做莼菜汤、凉拌或加进火锅都好。有机产品认证，也是农产品地理标志产品。",
    descriptionEn:
      "Young water shield shoots picked by hand from the high ponds of Huangshui, wrapped in a clear, silky jelly that slides over the tongue. Bottled in spring water and shipped chilled, for water shield soup, cold dishes or the hot pot. Certified organic and a registered geographical indication.",
    temperature: "chilled",
    shelfLifeDays: 30,
    seasonMonths: [5, 6, 7, 8, 9, 10],
    illustration: "water-shield",
    certifications: ["shizhu-organic", "shizhu-gi"],
    variants: [
      v("SZ-SHIELD-400GX2", "400 克 × 2 瓶", "2 × 400 g jars", 800, 6800, 150),
      v("SZ-SHIELD-400GX6", "400 克 × 6 瓶", "6 × 400 g jars", 2400, 18800, 40),
    ],
  },
  {
    slug: "shizhu-red-chili",
    cooperative: "shizhu-water-shield",
    brand: "huangshuichun-30",
    category: "spices",
    nameZh: "石柱红辣椒（干）",
    nameEn: "Shizhu Dried Red Chillies",
    descriptionZh:
      "石柱高山种的红辣椒，八月摘红果，晾晒到干透。色红油亮，香而不燥，辣度中上，炼火锅底料、做油泼辣子都是上品。绿色食品认证。",
    descriptionEn:
      "Red chillies grown high in Shizhu, picked ripe in August and air-dried until brittle. Glossy and deep red, fragrant rather than harsh, with a medium-high heat; first-rate for hot-pot base and sizzling chilli oil. Certified Green Food.",
    temperature: "ambient",
    shelfLifeDays: 365,
    seasonMonths: [8, 9],
    illustration: "chili",
    certifications: ["shizhu-green-food"],
    variants: [
      v("SZ-CHILI-500G", "500 克袋装", "500 g bag", 500, 3200, 340),
      v("SZ-CHILI-1KG", "1 公斤袋装", "1 kg bag", 1000, 5800, 160),
    ],
  },
  {
    slug: "shizhu-chili-flakes",
    cooperative: "shizhu-water-shield",
    brand: "huangshuichun-30",
    category: "spices",
    nameZh: "石柱糍粑辣椒面",
    nameEn: "Shizhu Chilli Flakes",
    descriptionZh: "干红辣椒用菜籽油小火焙香后舂成粗粒，带籽带皮。泼一勺热油，就是一碗重庆味的油辣子。",
    descriptionEn: "Dried red chillies toasted gently in rapeseed oil, then pounded into coarse flakes with their seeds. Pour over smoking-hot oil and you have a bowl of real Chongqing chilli oil.",
    temperature: "ambient",
    shelfLifeDays: 300,
    seasonMonths: [9, 10],
    illustration: "chili",
    certifications: ["shizhu-green-food"],
    variants: [v("SZ-FLAKES-200G", "200 克罐装", "200 g jar", 200, 1990, 400)],
  },
  {
    slug: "shizhu-coptis-flower-honey",
    cooperative: "shizhu-water-shield",
    brand: "huangshuichun-30",
    category: "honey",
    nameZh: "石柱黄连花蜜",
    nameEn: "Shizhu Coptis Blossom Honey",
    descriptionZh:
      "石柱是黄连之乡，早春黄连开花时中华蜂采的蜜。入口先甜，后面带一丝淡淡的苦，回甘悠长，颜色浅琥珀，一年只取一次。",
    descriptionEn:
      "Shizhu is the home of coptis, and this honey comes from Chinese honeybees working its early-spring flowers. Sweet first, then a faint bitterness that turns into a long sweet finish; pale amber, and taken only once a year.",
    temperature: "ambient",
    shelfLifeDays: 730,
    seasonMonths: [3, 4],
    illustration: "honey",
    variants: [v("SZ-COPTIS-500G", "500 克瓶装", "500 g jar", 500, 9800, 80)],
  },
];

const chengkou: ProductSeed[] = [
  {
    slug: "chengkou-cured-pork",
    cooperative: "chengkou-daba-mountain",
    brand: "bashanlan",
    category: "meat",
    nameZh: "城口老腊肉",
    nameEn: "Chengkou Smoked Cured Pork",
    descriptionZh:
      "大巴山农家散养一年以上的土猪，冬至后抹盐腌七天，挂在火塘上用青冈柴和柏树枝熏足四十天。肥肉透亮、瘦肉红润，蒸熟切片香得满屋。农产品地理标志产品，真空冷藏发货，今年的腊肉所剩不多。",
    descriptionEn:
      "Pigs raised free-range for over a year on Daba Mountain farms, salted for a week after the winter solstice and smoked over oak and cypress for forty days above the family hearth. Translucent fat, rosy lean; steamed and sliced, it perfumes the whole house. A registered geographical indication, vacuum-packed and shipped chilled. Only a little of this winter's batch is left.",
    temperature: "chilled",
    shelfLifeDays: 180,
    seasonMonths: [12, 1, 2],
    illustration: "pork",
    certifications: ["chengkou-pork-gi", "chengkou-poverty"],
    variants: [
      v("CK-PORK-1KG", "1 公斤（五花、后腿各半）", "1 kg (half belly, half leg)", 1000, 12800, 3),
      v("CK-PORK-2KG", "2 公斤家庭装", "2 kg family pack", 2000, 23900, 25),
    ],
  },
  {
    slug: "chengkou-smoked-sausage",
    cooperative: "chengkou-daba-mountain",
    brand: "bashanlan",
    category: "meat",
    nameZh: "城口麻辣香肠",
    nameEn: "Chengkou Numbing-Spicy Sausage",
    descriptionZh:
      "土猪前腿肉手切成丁，拌石柱辣椒面和江津花椒，灌进天然肠衣，挂在火塘上熏干。蒸熟切片，麻辣鲜香，是重庆人过年必备的下酒菜。",
    descriptionEn:
      "Hand-diced shoulder of mountain pork mixed with Shizhu chilli flakes and Jiangjin Sichuan pepper, stuffed into natural casings and dried in the hearth smoke. Steam, slice and serve: numbing, spicy and deeply savoury, the New Year snack no Chongqing table goes without.",
    temperature: "chilled",
    shelfLifeDays: 120,
    seasonMonths: [12, 1],
    illustration: "sausage",
    variants: [v("CK-SAUSAGE-500G", "500 克真空装", "500 g vacuum pack", 500, 5800, 140)],
  },
  {
    slug: "chengkou-mountain-chicken",
    cooperative: "chengkou-daba-mountain",
    brand: "bashanlan",
    category: "meat",
    nameZh: "城口山地鸡（冷冻整鸡）",
    nameEn: "Chengkou Mountain Chicken, Frozen Whole",
    descriptionZh:
      "在林下散养二百天以上的城口山地鸡，吃虫、吃草、吃苞谷，肉紧皮薄。屠宰后急冻锁鲜，收到后冷冻保存，炖汤前冷藏解冻一夜。农产品地理标志产品。",
    descriptionEn:
      "Chengkou mountain chickens that roam the woods for over 200 days on insects, greens and maize: firm flesh, thin skin. Blast-frozen right after processing; keep frozen and thaw overnight in the fridge before it goes into the soup pot. A registered geographical indication.",
    temperature: "frozen",
    shelfLifeDays: 270,
    seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    illustration: "poultry",
    certifications: ["chengkou-chicken-gi"],
    variants: [v("CK-CHICKEN-1200G", "整鸡约 1.2 公斤", "Whole bird, about 1.2 kg", 1200, 13800, 60)],
  },
  {
    slug: "chengkou-daba-mountain-honey",
    cooperative: "chengkou-daba-mountain",
    brand: "bashanlan-30",
    category: "honey",
    nameZh: "大巴山中华蜂百花蜜",
    nameEn: "Daba Mountain Wildflower Honey",
    descriptionZh:
      "社员在海拔一千五百米的山里用老木桶养中华蜂，一年只在秋天取一次蜜。百花蜜颜色琥珀，香气复杂，冬天会自然结晶，是成熟蜜的标志。绿色食品认证。",
    descriptionEn:
      "Chinese honeybees kept in old wooden hives 1,500 metres up in the Daba Mountains, harvested just once a year in autumn. Amber, complex wildflower honey that naturally crystallises in winter, the sign of a fully ripened honey. Certified Green Food.",
    temperature: "ambient",
    shelfLifeDays: 730,
    seasonMonths: [9, 10],
    illustration: "honey",
    certifications: ["chengkou-green-food", "chengkou-poverty"],
    variants: [
      v("CK-HONEY-500G", "500 克瓶装", "500 g jar", 500, 8800, 260),
      v("CK-HONEY-1KG", "1 公斤瓶装", "1 kg jar", 1000, 15800, 90),
    ],
  },
  {
    slug: "chengkou-comb-honey",
    cooperative: "chengkou-daba-mountain",
    brand: "bashanlan-30",
    category: "honey",
    nameZh: "大巴山原块巢蜜",
    nameEn: "Daba Mountain Comb Honey",
    descriptionZh: "整块切下的封盖蜂巢，蜂蜡和蜜一起嚼，蜜香浓郁，嚼到最后的蜂蜡可以吐掉。配面包、酸奶或奶酪。",
    descriptionEn: "Whole capped honeycomb cut straight from the frame: chew wax and honey together for the fullest flavour, and discard the wax at the end. Lovely with bread, yoghurt or cheese.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [9, 10],
    illustration: "honeycomb",
    variants: [v("CK-COMB-400G", "400 克盒装", "400 g box", 400, 11800, 45)],
  },
];

const youyang: ProductSeed[] = [
  {
    slug: "youyang-camellia-oil",
    cooperative: "youyang-camellia-oil",
    brand: "huatian",
    category: "grain-oil",
    nameZh: "酉阳冷榨山茶油",
    nameEn: "Youyang Cold-Pressed Camellia Oil",
    descriptionZh:
      "霜降前后采收的油茶果，晒干取籽，六十度以下冷榨，保留清淡的茶籽香。烟点高，炒菜不起油烟，也适合凉拌和给老人孩子蒸蛋。绿色食品认证。",
    descriptionEn:
      "Oil-tea camellia fruit picked around the first frost, sun-dried and cold-pressed below 60 °C to keep its delicate nutty aroma. A high smoke point means no smoky kitchen when stir-frying, and it is gentle enough for salads and steamed egg for the very young and the elderly. Certified Green Food.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [10, 11],
    illustration: "oil",
    certifications: ["youyang-green-food"],
    variants: [
      v("YY-CAMELLIA-500ML", "500 毫升瓶装", "500 ml bottle", 460, 11800, 200),
      v("YY-CAMELLIA-1L", "1 升瓶装", "1 litre bottle", 920, 21800, 110),
      v("YY-CAMELLIA-2X500ML", "500 毫升 × 2 礼盒", "2 × 500 ml gift box", 1100, 22800, 40),
    ],
  },
  {
    slug: "youyang-huatian-tribute-rice",
    cooperative: "youyang-camellia-oil",
    brand: "huatian-30",
    category: "grain-oil",
    nameZh: "花田贡米",
    nameEn: "Huatian Tribute Rice",
    descriptionZh:
      "何家岩梯田一季稻，山泉水灌溉，稻田里养鸭除草，不用除草剂。米粒细长，煮出的饭油亮、软糯、有嚼劲。有机产品认证（GB/T 19630）。",
    descriptionEn:
      "One crop a year from the Hejiayan terraces, watered by mountain springs and weeded by ducks instead of herbicide. Long slender grains that cook up glossy, soft and springy. Certified organic (GB/T 19630).",
    temperature: "ambient",
    shelfLifeDays: 270,
    seasonMonths: [9, 10],
    illustration: "rice",
    certifications: ["youyang-organic"],
    variants: [
      v("YY-RICE-2500G", "2.5 公斤装", "2.5 kg bag", 2500, 5800, 260),
      v("YY-RICE-5KG", "5 公斤装", "5 kg bag", 5000, 9800, 180),
    ],
  },
  {
    slug: "youyang-tartary-buckwheat",
    cooperative: "youyang-camellia-oil",
    brand: "huatian-30",
    category: "grain-oil",
    nameZh: "酉阳高山苦荞米",
    nameEn: "Youyang Highland Tartary Buckwheat",
    descriptionZh:
      "高山坡地种的苦荞，脱壳后就是苦荞米，和大米一起煮饭，带着淡淡的麦香和回甘。也可以炒香后泡苦荞茶。",
    descriptionEn:
      "Tartary buckwheat from high mountain slopes, hulled into whole grains. Cook it with rice for a gentle malty flavour and a pleasant bitter-sweet finish, or toast it to brew buckwheat tea.",
    temperature: "ambient",
    shelfLifeDays: 365,
    seasonMonths: [9, 10],
    illustration: "grain",
    variants: [v("YY-BUCKWHEAT-1KG", "1 公斤袋装", "1 kg bag", 1000, 3990, 240)],
  },
];

const xiushan: ProductSeed[] = [
  {
    slug: "xiushan-honeysuckle",
    cooperative: "xiushan-honeysuckle",
    brand: "wulingjinhua",
    category: "tea",
    nameZh: "秀山金银花",
    nameEn: "Xiushan Honeysuckle Buds",
    descriptionZh:
      "五六月花蕾由青转白前采下，当天杀青烘干，花蕾饱满不开口，色泽青白。几朵加热水，汤色浅黄，清香微甜，夏天冷泡更好喝。农产品地理标志产品。",
    descriptionEn:
      "Buds picked in May and June just before they turn from green to white, then fixed and dried the same day: plump, closed and pale green. A few in hot water make a pale golden cup, fragrant and faintly sweet; even better cold-brewed in summer. A registered geographical indication.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [5, 6],
    illustration: "honeysuckle",
    certifications: ["xiushan-gi", "xiushan-pollution-free", "xiushan-poverty"],
    variants: [
      v("XS-HONEYSUCKLE-50G", "50 克罐装", "50 g tin", 50, 4500, 300),
      v("XS-HONEYSUCKLE-100G", "100 克罐装", "100 g tin", 100, 8200, 160),
    ],
  },
  {
    slug: "xiushan-honeysuckle-honey",
    cooperative: "xiushan-honeysuckle",
    brand: "wulingjinhua",
    category: "honey",
    nameZh: "秀山金银花蜜",
    nameEn: "Xiushan Honeysuckle Honey",
    descriptionZh: "金银花开花时蜂群就放在花田边，蜜色浅黄清亮，带着金银花的淡香，甜而不腻，适合温水冲饮。",
    descriptionEn: "The hives sit beside the honeysuckle fields while they flower. Pale, clear gold honey with a light honeysuckle perfume, sweet without being cloying; lovely stirred into warm water.",
    temperature: "ambient",
    shelfLifeDays: 730,
    seasonMonths: [6, 7],
    illustration: "honey",
    certifications: ["xiushan-poverty"],
    variants: [v("XS-HONEY-500G", "500 克瓶装", "500 g jar", 500, 7800, 150)],
  },
  {
    slug: "xiushan-maojian-tea",
    cooperative: "xiushan-honeysuckle",
    brand: "wulingjinhua",
    category: "tea",
    nameZh: "秀山毛尖",
    nameEn: "Xiushan Maojian Green Tea",
    descriptionZh: "武陵山里的春茶，芽头细嫩多毫，炒青工艺，栗香明显，滋味鲜醇。社里做得不多，每年春天很快售完。",
    descriptionEn: "Spring tea from the Wuling Mountains: fine, downy buds, pan-fired, with a clear chestnut aroma and a fresh, mellow taste. The cooperative makes only a little, and it sells out quickly each spring.",
    temperature: "ambient",
    shelfLifeDays: 540,
    seasonMonths: [3, 4],
    illustration: "tea",
    variants: [v("XS-MAOJIAN-100G", "100 克罐装", "100 g tin", 100, 8800, 90)],
  },
];

const wulong: ProductSeed[] = [
  {
    slug: "wulong-highland-cabbage",
    cooperative: "wulong-highland-vegetables",
    brand: "yunshang",
    category: "vegetables",
    nameZh: "武隆高山甘蓝",
    nameEn: "Wulong Highland Cabbage",
    descriptionZh:
      "海拔一千三百米的双河高山甘蓝，昼夜温差大，叶球紧实，脆甜少筋，手撕包菜、凉拌都好吃。七到九月供应，绿色食品认证。",
    descriptionEn:
      "Cabbage from Shuanghe, 1,300 metres up, where cold nights make tight, crisp, sweet heads with hardly any fibre; perfect torn by hand into a hot wok or shredded raw. In season July to September. Certified Green Food.",
    temperature: "ambient",
    shelfLifeDays: 14,
    seasonMonths: [7, 8, 9],
    illustration: "vegetables",
    certifications: ["wulong-green-food"],
    variants: [v("WL-CABBAGE-2PC", "2 颗装（约 3 公斤）", "2 heads (about 3 kg)", 3000, 2990, 200)],
  },
  {
    slug: "wulong-highland-radish",
    cooperative: "wulong-highland-vegetables",
    brand: "yunshang",
    category: "vegetables",
    nameZh: "武隆高山白萝卜",
    nameEn: "Wulong Highland White Radish",
    descriptionZh: "高山冷凉气候里长的白萝卜，皮薄水分足，生吃脆甜不辣，炖排骨汤软糯入味。绿色食品认证。",
    descriptionEn: "White radish grown in the cool highland climate: thin-skinned and juicy, sweet and mild enough to eat raw, meltingly soft simmered with pork ribs. Certified Green Food.",
    temperature: "ambient",
    shelfLifeDays: 20,
    seasonMonths: [9, 10, 11],
    illustration: "radish",
    certifications: ["wulong-green-food"],
    variants: [v("WL-RADISH-5KG", "5 公斤装", "5 kg box", 5000, 2680, 180)],
  },
  {
    slug: "wulong-highland-potatoes",
    cooperative: "wulong-highland-vegetables",
    brand: "yunshang",
    category: "vegetables",
    nameZh: "武隆高山黄心洋芋",
    nameEn: "Wulong Highland Yellow Potatoes",
    descriptionZh: "黄心洋芋在高山沙壤土里慢慢长大，淀粉细腻，蒸熟后又面又香，做烤洋芋、土豆泥都合适。",
    descriptionEn: "Yellow-fleshed potatoes grown slowly in sandy highland soil: fine, floury texture and rich flavour when steamed; great roasted Chongqing street-style or mashed.",
    temperature: "ambient",
    shelfLifeDays: 60,
    seasonMonths: [7, 8, 9, 10],
    illustration: "potato",
    certifications: ["wulong-pollution-free"],
    variants: [
      v("WL-POTATO-5KG", "5 公斤装", "5 kg box", 5000, 2990, 260),
      v("WL-POTATO-10KG", "10 公斤装", "10 kg box", 10000, 4990, 100),
    ],
  },
  {
    slug: "wulong-snow-peas",
    cooperative: "wulong-highland-vegetables",
    brand: "yunshang",
    category: "vegetables",
    nameZh: "武隆高山荷兰豆",
    nameEn: "Wulong Highland Snow Peas",
    descriptionZh: "夏天高山上才种得出的荷兰豆，豆荚扁平翠绿，清炒两分钟就熟，脆甜带豆香。冷藏保存。",
    descriptionEn: "Snow peas that only grow in summer up in the highlands: flat, bright green pods, done in two minutes in a hot wok, crisp and sweet. Keep refrigerated.",
    temperature: "chilled",
    shelfLifeDays: 7,
    seasonMonths: [6, 7, 8],
    illustration: "peas",
    certifications: ["wulong-green-food-pending"],
    variants: [v("WL-PEAS-1KG", "1 公斤装", "1 kg box", 1000, 2680, 120)],
  },
  {
    slug: "wulong-green-peppers",
    cooperative: "wulong-highland-vegetables",
    brand: "yunshang",
    category: "vegetables",
    nameZh: "武隆高山二荆条青椒",
    nameEn: "Wulong Highland Erjingtiao Green Peppers",
    descriptionZh: "二荆条是川渝最爱的辣椒品种，细长微辣，皮薄肉厚，虎皮青椒、青椒炒肉的首选。",
    descriptionEn: "Erjingtiao is Sichuan and Chongqing's favourite pepper: long, slender, gently hot, thin-skinned and fleshy. The one for blistered tiger-skin peppers and pork with green peppers.",
    temperature: "ambient",
    shelfLifeDays: 10,
    seasonMonths: [7, 8, 9],
    illustration: "chili",
    certifications: ["wulong-pollution-free"],
    variants: [v("WL-GREENPEPPER-2KG", "2 公斤装", "2 kg box", 2000, 3200, 150)],
  },
  {
    slug: "wulong-yangjiao-pressed-tofu",
    cooperative: "wulong-highland-vegetables",
    brand: "yunshang-29",
    category: "preserved",
    nameZh: "武隆羊角豆腐干",
    nameEn: "Wulong Yangjiao Pressed Tofu",
    descriptionZh: "羊角镇的老手艺：本地黄豆磨浆点卤，压成薄干后用卤水慢卤，再用柏树枝熏香。韧而不硬，越嚼越香。",
    descriptionEn: "An old Yangjiao craft: local soybeans ground and curdled, pressed thin, simmered in spiced brine and smoked over cypress. Firm yet tender, and more savoury the longer you chew.",
    temperature: "ambient",
    shelfLifeDays: 120,
    seasonMonths: [11, 12, 1, 2],
    illustration: "tofu",
    variants: [v("WL-TOFU-400G", "400 克袋装", "400 g bag", 400, 2990, 300)],
  },
];

const dazu: ProductSeed[] = [
  {
    slug: "dazu-preserved-winter-vegetable",
    cooperative: "dazu-winter-vegetable",
    brand: "baodingdong",
    category: "preserved",
    nameZh: "大足冬菜",
    nameEn: "Dazu Preserved Winter Vegetable",
    descriptionZh:
      "芥菜尖晾晒、加盐揉制后装入老坛，日晒夜露陈酿一年以上。色泽乌黑油亮，咸鲜回甜，是冬菜肉末、冬菜扣肉和担担面里那股鲜味的来源。绿色食品认证，重庆市非物质文化遗产技艺。",
    descriptionEn:
      "Tender mustard green tips wilted, salted and kneaded, then packed into old crocks to mature in sun and dew for more than a year. Glossy black, salty-savoury with a sweet finish: the secret umami in minced-pork winter vegetable, braised pork belly and dandan noodles. Certified Green Food, made with a craft listed as Chongqing intangible cultural heritage.",
    temperature: "ambient",
    shelfLifeDays: 360,
    seasonMonths: [12, 1, 2],
    illustration: "preserved-vegetable",
    certifications: ["dazu-green-food", "dazu-food-licence"],
    variants: [
      v("DZ-DONGCAI-250GX4", "250 克 × 4 袋", "4 × 250 g pouches", 1000, 3600, 360),
      v("DZ-DONGCAI-1KG-JAR", "1 公斤坛装", "1 kg crock", 1300, 6800, 80),
    ],
  },
  {
    slug: "dazu-winter-vegetable-minced-pork",
    cooperative: "dazu-winter-vegetable",
    brand: "baodingdong",
    category: "preserved",
    nameZh: "冬菜肉末酱",
    nameEn: "Winter Vegetable and Minced Pork Relish",
    descriptionZh: "老坛冬菜和土猪前腿肉末一起用菜籽油炒香装瓶，拌饭、拌面、夹馒头，开盖即食。",
    descriptionEn: "Crock-aged winter vegetable fried with minced pork shoulder in rapeseed oil and jarred: spoon it over rice or noodles, or tuck it into a steamed bun, straight from the jar.",
    temperature: "ambient",
    shelfLifeDays: 270,
    seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    illustration: "preserved-vegetable",
    variants: [
      v("DZ-RELISH-220G", "220 克瓶装", "220 g jar", 300, 2280, 280),
      v("DZ-RELISH-220GX3", "220 克 × 3 瓶", "3 × 220 g jars", 900, 5990, 120),
    ],
  },
  {
    slug: "dazu-black-goat",
    cooperative: "dazu-winter-vegetable",
    brand: "baodingdong",
    category: "meat",
    nameZh: "大足黑山羊带皮羊肉（冷冻）",
    nameEn: "Dazu Black Goat, Skin-On, Frozen",
    descriptionZh:
      "大足黑山羊是重庆本地品种，坡地放养，肉质细嫩、膻味轻。整腿带皮切块后急冻，冬天炖萝卜羊肉汤、做红烧羊肉都好。冷冻保存。",
    descriptionEn:
      "The Dazu black goat is a Chongqing breed, grazed on hillsides; its meat is tender with only a light gaminess. Skin-on leg cut into pieces and blast-frozen: perfect for winter goat and radish soup or red-braised goat. Keep frozen.",
    temperature: "frozen",
    shelfLifeDays: 270,
    seasonMonths: [10, 11, 12, 1],
    illustration: "meat",
    variants: [
      v("DZ-GOAT-1KG", "1 公斤装", "1 kg pack", 1000, 12800, 70),
      v("DZ-GOAT-2KG", "2 公斤装", "2 kg pack", 2000, 24800, 30),
    ],
  },
];

export const PRODUCTS: ProductSeed[] = [
  ...fengjie,
  ...wushan,
  ...fuling,
  ...jiangjin,
  ...tongnan,
  ...liangping,
  ...yongchuan,
  ...wanzhou,
  ...zhongxian,
  ...kaizhou,
  ...qianjiang,
  ...nanchuan,
  ...shizhu,
  ...chengkou,
  ...youyang,
  ...xiushan,
  ...wulong,
  ...dazu,
];
