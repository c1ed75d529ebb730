-- A bike's page lists its orders newest first: without this index that read scans every order.
CREATE INDEX orders_repair_object ON orders(repair_object_id, pk DESC) WHERE deleted_at IS NULL;
