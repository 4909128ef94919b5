/**
 * Where a parcel goes, as a saved address and an order both keep it (the order copies it, so a
 * later edit of the saved address leaves the order alone): the region names as shown to people,
 * the district's GB/T 2260 code, and the street line.
 */
export interface PostalAddress {
  province: string;
  city: string;
  district: string;
  regionCode: string;
  street: string;
  postcode: string | null;
}
