import type { OrderStatus } from './order-status';

export interface OrderLine {
  sku: string;
  name?: string;
  quantity: number;
  unitPriceCents: number;
}

export interface Order {
  id: string;
  customerId: string;
  items: OrderLine[];
  totalCents: number;
  currency: string;
  status: OrderStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}
