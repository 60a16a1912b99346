-- The second migration: a column, a check, a view.
ALTER TABLE dbo.stock ADD reorder_level int NULL;
GO
UPDATE dbo.stock SET reorder_level = 2 WHERE reorder_level IS NULL;
ALTER TABLE dbo.stock WITH CHECK ADD CONSTRAINT ck_stock_quantity CHECK (quantity >= 0);
GO
IF OBJECT_ID(N'dbo.low_stock', N'V') IS NOT NULL
    DROP VIEW dbo.low_stock;
GO
CREATE VIEW dbo.low_stock AS
SELECT w.code, s.sku, s.quantity FROM dbo.stock s JOIN dbo.warehouse w ON w.id = s.warehouse_id
WHERE s.quantity <= s.reorder_level + 3;
GO
