import type { ShipmentStatus } from "~db/schema";

// What the order tracking service hands to the order and trace pages.

export interface OrderProgressView {
  placedAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
}

export interface ShipmentScanView {
  id: number;
  occurredAt: string;
  status: ShipmentStatus;
  description: string;
  location: string | null;
  byStaff: boolean;
}

export interface ShipmentView {
  id: number;
  carrierName: string;
  trackingNumber: string;
  status: ShipmentStatus;
  items: { id: number; nameZh: string; nameEn: string; labelZh: string; labelEn: string; quantity: number }[];
  /** Newest first. */
  scans: ShipmentScanView[];
}
