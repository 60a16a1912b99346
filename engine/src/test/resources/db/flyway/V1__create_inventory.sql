-- The first migration: two tables, keys, an index, seed rows.
CREATE TABLE dbo.warehouse (
    id int IDENTITY(1,1) NOT NULL,
    code nvarchar(10) NOT NULL,
    city nvarchar(60) NULL,
    CONSTRAINT pk_warehouse PRIMARY KEY CLUSTERED (id),
    CONSTRAINT uq_warehouse_code UNIQUE (code)
);
GO
CREATE TABLE dbo.stock (
    warehouse_id int NOT NULL,
    sku varchar(20) NOT NULL,
    quantity int NOT NULL CONSTRAINT df_stock_quantity DEFAULT 0,
    updated datetime2(3) NOT NULL DEFAULT SYSUTCDATETIME(),
    CONSTRAINT pk_stock PRIMARY KEY (warehouse_id, sku),
    CONSTRAINT fk_stock_warehouse FOREIGN KEY (warehouse_id) REFERENCES dbo.warehouse (id) ON DELETE CASCADE
);
CREATE NONCLUSTERED INDEX ix_stock_sku ON dbo.stock (sku) INCLUDE (quantity);
GO
SET IDENTITY_INSERT dbo.warehouse ON;
INSERT INTO dbo.warehouse (id, code, city) VALUES (1, N'AMS', N'Amsterdam'), (2, N'LIS', N'Lisboa');
SET IDENTITY_INSERT dbo.warehouse OFF;
INSERT INTO dbo.stock (warehouse_id, sku, quantity) VALUES (1, 'A-1', 5), (2, 'A-1', 7)
GO
