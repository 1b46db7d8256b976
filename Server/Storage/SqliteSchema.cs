using Microsoft.Data.Sqlite;

namespace CodeFirst.Orders.Server.Storage;

/// <summary>
/// The SQLite schema as an ordered list of migrations; <c>PRAGMA user_version</c> records how many have run.
/// Append new migrations; never edit one that has shipped.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // 1: orders, their items, and chat.
        """
        CREATE TABLE orders (
            seq            INTEGER PRIMARY KEY AUTOINCREMENT,   -- storage order: ListOrders is oldest first
            id             TEXT    NOT NULL UNIQUE,
            customer_id    TEXT    NOT NULL,
            status         INTEGER NOT NULL,
            total          REAL    NOT NULL,
            created_at     INTEGER NOT NULL,                    -- UTC ticks
            updated_at     INTEGER NOT NULL,
            request_owner  TEXT,
            request_id     TEXT,
            request_hash   BLOB,
            UNIQUE (request_owner, request_id)
        );
        CREATE INDEX orders_by_customer ON orders (customer_id, seq);
        CREATE TABLE line_items (
            order_seq   INTEGER NOT NULL REFERENCES orders (seq),
            position    INTEGER NOT NULL,
            product_id  TEXT    NOT NULL,
            quantity    INTEGER NOT NULL,
            unit_price  REAL    NOT NULL,
            PRIMARY KEY (order_seq, position)
        ) WITHOUT ROWID;
        CREATE TABLE chat_messages (
            seq       INTEGER PRIMARY KEY AUTOINCREMENT,
            order_id  TEXT    NOT NULL,
            sender    TEXT    NOT NULL,
            text      TEXT    NOT NULL,
            sent_at   INTEGER NOT NULL
        );
        CREATE INDEX chat_by_order ON chat_messages (order_id, seq);
        """,
    ];

    /// <summary>The schema version this build expects.</summary>
    public static int Version => Migrations.Length;

    /// <summary>
    /// Runs the migrations <paramref name="connection"/>'s database has not had, each in its own transaction;
    /// refuses a database from a newer build.
    /// </summary>
    public static void Migrate(SqliteConnection connection, string path)
    {
        var current = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"));
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The database {path} has schema version {current}, newer than this server's {Migrations.Length}: run a newer server, or point Storage:Sqlite:Path at another file.");
        }
        for (var version = current; version < Migrations.Length; version++)
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
