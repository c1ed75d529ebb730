-- Reports select orders by their shop-local order date.
CREATE INDEX orders_live_order_date ON orders(order_date) WHERE deleted_at IS NULL;
