import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

export interface Region {
  code: string;
  name: string;
}

export interface RegionLists {
  provinces: Region[];
  cities: Region[];
  districts: Region[];
  /** The one city of a province that has only one (a municipality), chosen for the shopper. */
  city: string | null;
}

/**
 * The province → city → district selects of an address. The server renders the lists for
 * what was typed (the no-JavaScript "next" step, or a refused submission); in the browser,
 * choosing a province or a city loads the next list in place from /checkout/regions.
 */
export function useRegionCascade(regions: RegionLists, values: { province?: string; city?: string; district?: string }) {
  const regionsFetcher = useFetcher<{ cities: Region[]; districts: Region[]; city: string | null }>();
  const [province, setProvince] = useState(values.province ?? "");
  const [city, setCity] = useState(values.city ?? regions.city ?? "");
  const [district, setDistrict] = useState(values.district ?? "");
  const [cities, setCities] = useState(regions.cities);
  const [districts, setDistricts] = useState(regions.districts);

  // A server re-render brings new lists and what was typed.
  useEffect(() => {
    setCities(regions.cities);
    setDistricts(regions.districts);
    setProvince(values.province ?? "");
    setCity(values.city ?? regions.city ?? "");
    setDistrict(values.district ?? "");
  }, [regions, values.province, values.city, values.district]);

  useEffect(() => {
    if (!regionsFetcher.data) return;
    setCities(regionsFetcher.data.cities);
    setDistricts(regionsFetcher.data.districts);
    if (regionsFetcher.data.city) setCity(regionsFetcher.data.city);
  }, [regionsFetcher.data]);

  const onProvince = (code: string) => {
    setProvince(code);
    setCity("");
    setDistrict("");
    setCities([]);
    setDistricts([]);
    if (code) regionsFetcher.load(`/checkout/regions?${new URLSearchParams({ province: code })}`);
  };
  const onCity = (code: string) => {
    setCity(code);
    setDistrict("");
    setDistricts([]);
    if (code) regionsFetcher.load(`/checkout/regions?${new URLSearchParams({ province, city: code })}`);
  };

  return { province, city, district, cities, districts, onProvince, onCity, onDistrict: setDistrict };
}
