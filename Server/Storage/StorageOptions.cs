namespace CodeFirst.Orders.Server.Storage;

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section's name.</summary>
    public const string Section = "Storage";

    /// <summary><c>Storage:Sqlite</c>: the embedded store.</summary>
    public SqliteStorageOptions Sqlite { get; set; } = new();
}

/// <summary>The <c>Storage:Sqlite</c> configuration section.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The database file, relative to the content root; created and migrated on start. Default <c>data/orders.db</c>.</summary>
    public string Path { get; set; } = "data/orders.db";
}
