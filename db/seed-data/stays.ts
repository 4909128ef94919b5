import type { StayKind } from "~db/schema";

// Demo stays and experiences: invented guesthouses and farm days run by three of the demo
// cooperatives, in their real counties, reached the way visitors really come (the Zhengzhou–
// Wanzhou high-speed line's Fengjie and Wushan stations, the G65 expressway for Wulong). The
// businesses, people and phone numbers are fictional; the descriptions make no certification
// claim, so they publish without one. Dates are offsets or yearly festivals, never fixed days.

export interface StayUnitSeed {
  nameZh: string;
  nameEn: string;
  capacity: number;
  bedsZh: string;
  bedsEn: string;
  basePriceFen: number;
  weekendPriceFen?: number;
  minNights?: number;
}

export interface StayListingSeed {
  cooperative: string;
  slug: string;
  kind: StayKind;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  countyZh: string;
  countyEn: string;
  villageZh: string;
  villageEn: string;
  addressZh: string;
  addressEn: string;
  access: { kind: "rail" | "expressway"; pointZh: string; pointEn: string; km: number };
  directionsZh: string;
  directionsEn: string;
  hostPhone: string;
  cancelFreeDays: number;
  cancelLateRefundPercent: number;
  amenities?: string[];
  checkInFrom?: string;
  checkOutUntil?: string;
  houseRulesZh?: string;
  houseRulesEn?: string;
  units?: StayUnitSeed[];
  /** Experiences: minutes, what is included, youngest age, and slots (days from today, time, places, price). */
  durationMinutes?: number;
  includedZh?: string;
  includedEn?: string;
  minAge?: number;
  slots?: Array<{ inDays: number; time: string; capacity: number; priceFen: number }>;
}

export const STAYS: StayListingSeed[] = [
  {
    cooperative: "wulong-highland-vegetables",
    slug: "wulong-shuanghe-cloud-farmhouse",
    kind: "stay",
    nameZh: "双河云上农家小院",
    nameEn: "Shuanghe Cloud Farmhouse",
    descriptionZh:
      "合作社社员郑家把老屋改成四间客房，推开窗就是高山菜地和仙女山的草场。夏天夜里要盖被子，早饭是自家种的洋芋和羊角豆腐干，傍晚可以跟着社员去地里摘第二天要发走的甘蓝。",
    descriptionEn:
      "A member family has turned their old farmhouse into four guest rooms that open onto the highland fields and the Xiannüshan meadows. Summer nights need a quilt; breakfast is the family's own potatoes and Yangjiao pressed tofu, and in the evening you can help pick the cabbages that ship the next morning.",
    countyZh: "武隆区",
    countyEn: "Wulong District",
    villageZh: "双河镇木根村",
    villageEn: "Mugen Village, Shuanghe",
    addressZh: "重庆市武隆区双河镇木根村三组",
    addressEn: "Group 3, Mugen Village, Shuanghe Town, Wulong District, Chongqing",
    access: { kind: "expressway", pointZh: "G65 包茂高速武隆", pointEn: "Wulong on the G65", km: 38 },
    directionsZh: "下高速后沿仙女山大道上山，过仙女山镇后按路牌去双河镇，在木根村村委会右转，第二个院子就是。冬天下雪时请提前打电话，社员开车到镇上接。",
    directionsEn:
      "Leave the expressway and climb the Xiannüshan road; past Xiannüshan town follow the signs to Shuanghe, turn right at the Mugen village office, and it is the second courtyard. In snow, call ahead and a member will meet you in town.",
    hostPhone: "139-2300-1717",
    cancelFreeDays: 3,
    cancelLateRefundPercent: 50,
    amenities: ["wifi", "parking", "breakfast", "farm_meals", "heating", "private_bathroom", "mountain_view"],
    checkInFrom: "14:00",
    checkOutUntil: "12:00",
    houseRulesZh: "院里不放烟花；晚上十点后请小声；宠物请提前说明。",
    houseRulesEn: "No fireworks in the courtyard; quiet after 10 pm; tell us before bringing a pet.",
    units: [
      { nameZh: "观山房", nameEn: "Mountain-view room", capacity: 2, bedsZh: "一张1.8米大床", bedsEn: "One 1.8 m double bed", basePriceFen: 32_800, weekendPriceFen: 39_800 },
      { nameZh: "家庭房", nameEn: "Family room", capacity: 4, bedsZh: "两张1.5米床", bedsEn: "Two 1.5 m beds", basePriceFen: 46_800, weekendPriceFen: 56_800, minNights: 2 },
    ],
  },
  {
    cooperative: "fengjie-navel-orange",
    slug: "fengjie-orchard-courtyard",
    kind: "stay",
    nameZh: "夔州橙园小院",
    nameEn: "Kuizhou Orchard Courtyard",
    descriptionZh:
      "在草堂镇的橙园中间，三间客房，露台正对长江。冬天是脐橙采收季，早上能看到社员分拣装箱；离白帝城二十分钟车程。",
    descriptionEn:
      "Three rooms in the middle of the Caotang orchards, with a terrace facing the Yangtze. In winter, the navel orange harvest, you can watch members grade and pack in the morning; Baidicheng is twenty minutes away by car.",
    countyZh: "奉节县",
    countyEn: "Fengjie County",
    villageZh: "草堂镇",
    villageEn: "Caotang",
    addressZh: "重庆市奉节县草堂镇安坪村橙园路8号",
    addressEn: "8 Orchard Road, Anping Village, Caotang Town, Fengjie County, Chongqing",
    access: { kind: "rail", pointZh: "郑万高铁奉节站", pointEn: "Fengjie Station", km: 16 },
    directionsZh: "出奉节站打车或坐去草堂的班车，在安坪村口下车，沿橙园路步行五分钟。",
    directionsEn: "From Fengjie Station take a taxi or the Caotang bus, get off at the Anping village gate and walk five minutes along Orchard Road.",
    hostPhone: "135-2300-0601",
    cancelFreeDays: 5,
    cancelLateRefundPercent: 30,
    amenities: ["wifi", "parking", "breakfast", "air_conditioning", "private_bathroom", "garden", "pickup_from_station"],
    checkInFrom: "15:00",
    checkOutUntil: "12:00",
    houseRulesZh: "橙园里的果子请不要随手摘，想摘请报名采摘体验。",
    houseRulesEn: "Please don't pick the oranges on your own; join the picking day instead.",
    units: [{ nameZh: "江景房", nameEn: "River-view room", capacity: 2, bedsZh: "一张1.8米大床", bedsEn: "One 1.8 m double bed", basePriceFen: 29_800, weekendPriceFen: 35_800 }],
  },
  {
    cooperative: "fengjie-navel-orange",
    slug: "fengjie-navel-orange-picking",
    kind: "experience",
    nameZh: "脐橙采摘半日",
    nameEn: "Navel orange picking, half a day",
    descriptionZh: "跟着社员学怎么剪果、怎么看成熟度，自己摘的五斤脐橙可以带走，也可以在园里打包寄回家。",
    descriptionEn: "A member shows you how to clip a fruit and tell when it is ripe. Take home the 2.5 kg you picked, or have it packed and shipped from the orchard.",
    countyZh: "奉节县",
    countyEn: "Fengjie County",
    villageZh: "草堂镇安坪村",
    villageEn: "Anping Village, Caotang",
    addressZh: "重庆市奉节县草堂镇安坪村合作社分拣中心",
    addressEn: "Cooperative packing shed, Anping Village, Caotang Town, Fengjie County",
    access: { kind: "rail", pointZh: "郑万高铁奉节站", pointEn: "Fengjie Station", km: 16 },
    directionsZh: "在合作社分拣中心门口集合，有停车位。",
    directionsEn: "Meet at the cooperative's packing shed gate; there is parking.",
    hostPhone: "135-2300-0601",
    cancelFreeDays: 2,
    cancelLateRefundPercent: 0,
    durationMinutes: 180,
    includedZh: "果剪和手套、五斤脐橙、一杯橙汁",
    includedEn: "Clippers and gloves, 2.5 kg of oranges, a glass of juice",
    minAge: 6,
    slots: [
      { inDays: 6, time: "09:00", capacity: 12, priceFen: 6_800 },
      { inDays: 6, time: "14:00", capacity: 12, priceFen: 6_800 },
      { inDays: 13, time: "09:00", capacity: 12, priceFen: 6_800 },
      { inDays: 20, time: "09:00", capacity: 12, priceFen: 6_800 },
    ],
  },
  {
    cooperative: "wushan-crisp-plum",
    slug: "wushan-quchi-river-guesthouse",
    kind: "stay",
    nameZh: "曲尺江畔民宿",
    nameEn: "Quchi Riverside Guesthouse",
    descriptionZh: "曲尺乡的李子林边上，五间客房看得到巫峡口。春天三月李花开满山，七月脆李成熟时可以到林子里尝鲜。",
    descriptionEn:
      "Five rooms at the edge of Quchi's plum groves with a view of the mouth of the Wu Gorge. In March the hills are white with blossom; in July, when the crisp plums ripen, you can taste them in the grove.",
    countyZh: "巫山县",
    countyEn: "Wushan County",
    villageZh: "曲尺乡",
    villageEn: "Quchi",
    addressZh: "重庆市巫山县曲尺乡柑园村江畔组",
    addressEn: "Riverside Group, Ganyuan Village, Quchi Township, Wushan County, Chongqing",
    access: { kind: "rail", pointZh: "郑万高铁巫山站", pointEn: "Wushan Station", km: 24 },
    directionsZh: "巫山站有到曲尺乡的班车，约四十分钟；自驾沿长江边的公路往下游走。",
    directionsEn: "A bus runs from Wushan Station to Quchi in about forty minutes; by car follow the riverside road downstream.",
    hostPhone: "137-2300-0328",
    cancelFreeDays: 3,
    cancelLateRefundPercent: 50,
    amenities: ["wifi", "breakfast", "farm_meals", "air_conditioning", "hot_water"],
    checkInFrom: "14:00",
    checkOutUntil: "11:00",
    units: [
      { nameZh: "峡口房", nameEn: "Gorge-view room", capacity: 2, bedsZh: "一张1.8米大床", bedsEn: "One 1.8 m double bed", basePriceFen: 26_800, weekendPriceFen: 31_800 },
      { nameZh: "李林双床房", nameEn: "Orchard twin room", capacity: 2, bedsZh: "两张1.2米床", bedsEn: "Two 1.2 m beds", basePriceFen: 23_800 },
    ],
  },
];

/**
 * Festival rates every demo stay unit carries: the Spring Festival and National Day holiday
 * weeks of 2027 (check-out exclusive), at a multiple of the unit's base price. A rate whose
 * week has passed when the seed runs is skipped.
 */
export const FESTIVAL_RATES: Array<{ labelZh: string; labelEn: string; startsOn: string; endsOn: string; multiplier: number; minNights?: number }> = [
  { labelZh: "2027 春节", labelEn: "Spring Festival 2027", startsOn: "2027-02-05", endsOn: "2027-02-12", multiplier: 1.6, minNights: 2 },
  { labelZh: "2027 国庆", labelEn: "National Day 2027", startsOn: "2027-10-01", endsOn: "2027-10-08", multiplier: 1.5, minNights: 2 },
];

/**
 * Demo guests' bookings, paid with the test provider, so the host's arrivals page and staff's
 * booking list have something on them: a stay arriving the day the seed runs, one later, and a
 * party on the picking day. Names are invented; mobiles are in the 138-0000 test range.
 */
export const DEMO_BOOKINGS: Array<
  | { listing: string; unitEn: string; inDays: number; nights: number; guests: number; name: string; mobile: string; requests?: string }
  | { listing: string; slotInDays: number; people: number; name: string; mobile: string; requests?: string }
> = [
  { listing: "wulong-shuanghe-cloud-farmhouse", unitEn: "Mountain-view room", inDays: 0, nights: 2, guests: 2, name: "陈静", mobile: "13800001001" },
  {
    listing: "wulong-shuanghe-cloud-farmhouse",
    unitEn: "Family room",
    inDays: 5,
    nights: 3,
    guests: 3,
    name: "周建国",
    mobile: "13800001002",
    requests: "同行有一位七十岁的老人，希望住一楼。",
  },
  { listing: "fengjie-orchard-courtyard", unitEn: "River-view room", inDays: 8, nights: 1, guests: 2, name: "Anna Weber", mobile: "13800001003", requests: "We arrive by the 16:40 train." },
  { listing: "fengjie-navel-orange-picking", slotInDays: 6, people: 3, name: "刘洋", mobile: "13800001004" },
];
