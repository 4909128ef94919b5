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

/** Who ordered and where it goes, as an order's row keeps it (the staff order page and the order export both show it). */
export interface OrderRecipient {
  contact_name: string;
  email: string | null;
  phone: string;
  ship_province: string;
  ship_city: string;
  ship_district: string;
  ship_street: string;
  ship_postcode: string | null;
  shipping_method: string;
}
