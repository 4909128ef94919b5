import { yuanString } from "~/utils/seo";

// Structured data of a stay page, built from the same data the page shows: a LodgingBusiness
// whose offers are its units' nightly prices, or, for an experience, one Event per open slot.

export interface StayLdInput {
  kind: "stay" | "experience";
  name: string;
  description: string;
  url: string;
  images: string[];
  county: string;
  village: string;
  address: string;
  checkInFrom: string | null;
  checkOutUntil: string | null;
  amenities: readonly string[];
  durationMinutes: number | null;
  cooperative: { name: string; url: string } | null;
  units: readonly { name: string; capacity: number; basePriceFen: number }[];
  slots: readonly { startsAt: string; placesLeft: number; priceFen: number }[];
}

function postalAddress(input: StayLdInput) {
  return {
    "@type": "PostalAddress",
    ...(input.address ? { streetAddress: input.address } : {}),
    ...(input.village ? { addressLocality: input.village } : {}),
    addressRegion: input.county,
    addressCountry: "CN",
  };
}

export function stayJsonLd(input: StayLdInput): Record<string, unknown> | Record<string, unknown>[] {
  const address = postalAddress(input);
  if (input.kind === "stay") {
    return {
      "@context": "https://schema.org",
      "@type": "LodgingBusiness",
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      url: input.url,
      ...(input.images.length > 0 ? { image: input.images } : {}),
      address,
      ...(input.checkInFrom ? { checkinTime: input.checkInFrom } : {}),
      ...(input.checkOutUntil ? { checkoutTime: input.checkOutUntil } : {}),
      ...(input.amenities.length > 0 ? { amenityFeature: input.amenities.map((name) => ({ "@type": "LocationFeatureSpecification", name, value: true })) } : {}),
      makesOffer: input.units.map((unit) => ({
        "@type": "Offer",
        name: unit.name,
        url: input.url,
        price: yuanString(unit.basePriceFen),
        priceCurrency: "CNY",
        priceSpecification: { "@type": "UnitPriceSpecification", price: yuanString(unit.basePriceFen), priceCurrency: "CNY", unitText: "night" },
        itemOffered: { "@type": "HotelRoom", name: unit.name, occupancy: { "@type": "QuantitativeValue", maxValue: unit.capacity } },
      })),
    };
  }
  return input.slots.map((slot) => {
    const start = new Date(slot.startsAt);
    const end = input.durationMinutes ? new Date(start.getTime() + input.durationMinutes * 60_000) : null;
    return {
      "@context": "https://schema.org",
      "@type": "Event",
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      url: input.url,
      ...(input.images.length > 0 ? { image: input.images } : {}),
      startDate: start.toISOString(),
      ...(end ? { endDate: end.toISOString() } : {}),
      eventStatus: "https://schema.org/EventScheduled",
      eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
      location: { "@type": "Place", name: input.village || input.county, address },
      ...(input.cooperative ? { organizer: { "@type": "Organization", name: input.cooperative.name, url: input.cooperative.url } } : {}),
      offers: {
        "@type": "Offer",
        url: input.url,
        price: yuanString(slot.priceFen),
        priceCurrency: "CNY",
        availability: slot.placesLeft > 0 ? "https://schema.org/InStock" : "https://schema.org/SoldOut",
      },
    };
  });
}
