using System.Runtime.CompilerServices;
using CodeFirst.Orders.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace CodeFirst.Orders.Server.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes go through one connection, one at a time (SQLite has
/// one writer anyway; queueing here rather than in SQLite's busy handler keeps them fair and never fails one with
/// SQLITE_BUSY), with <c>synchronous=FULL</c> so a committed transaction is on disk before the call is answered.
/// Reads use pooled connections of their own and, under WAL, never wait for the writer.
/// </summary>
internal sealed class SqliteOrderStore : IOrderStore, IDisposable
{
    private const string OrderColumns = "o.seq, o.id, o.customer_id, o.status, o.total, o.created_at, o.updated_at";

    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    static SqliteOrderStore() => SQLitePCL.Batteries.Init();

    public SqliteOrderStore(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        Path = System.IO.Path.GetFullPath(options.Value.Sqlite.Path, environment.ContentRootPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var builder = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true };
        _readConnectionString = builder.ToString();
        _writer = new SqliteConnection(_readConnectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        SqliteSchema.Migrate(_writer, Path);
    }

    /// <summary>The database file's full path.</summary>
    public string Path { get; }

    public async Task<CreateResult> CreateAsync(Order order, IdempotencyKey? key, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction();
            if (key is not null)
            {
                using var find = Command(_writer, transaction,
                    "SELECT id, request_hash FROM orders WHERE request_owner = $owner AND request_id = $request;",
                    ("$owner", key.Owner), ("$request", key.RequestId));
                using var found = find.ExecuteReader();
                if (found.Read())
                {
                    var existingId = found.GetString(0);
                    var hash = (byte[])found.GetValue(1);
                    found.Close();
                    return hash.AsSpan().SequenceEqual(key.ContentHash)
                        ? new CreateResult(CreateOutcome.Replayed, ReadOrder(_writer, transaction, existingId))
                        : new CreateResult(CreateOutcome.KeyReused, null);
                }
            }
            using (var insert = Command(_writer, transaction,
                """
                INSERT INTO orders (id, customer_id, status, total, created_at, updated_at, request_owner, request_id, request_hash)
                VALUES ($id, $customer, $status, $total, $created, $updated, $owner, $request, $hash);
                SELECT last_insert_rowid();
                """,
                ("$id", order.Id), ("$customer", order.CustomerId), ("$status", (int)order.Status), ("$total", order.Total),
                ("$created", order.CreatedAt!.Value.Ticks), ("$updated", order.UpdatedAt!.Value.Ticks),
                ("$owner", key?.Owner), ("$request", key?.RequestId), ("$hash", key?.ContentHash)))
            {
                var seq = (long)insert.ExecuteScalar()!;
                InsertItems(transaction, seq, 0, order.Items);
            }
            transaction.Commit();
            return new CreateResult(CreateOutcome.Created, order);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<Order?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        return ReadOrder(connection, null, id);
    }

    public async IAsyncEnumerable<Order> ListAsync(OrderQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        // One pass over orders joined with their items, grouped here: memory stays at one order however many match.
        using var command = Command(connection, null,
            $"""
            SELECT {OrderColumns}, i.product_id, i.quantity, i.unit_price
            FROM (SELECT * FROM orders
                  WHERE ($customer IS NULL OR customer_id = $customer) AND ($status IS NULL OR status = $status)
                  ORDER BY seq LIMIT $limit) AS o
            LEFT JOIN line_items AS i ON i.order_seq = o.seq
            ORDER BY o.seq, i.position;
            """,
            ("$customer", query.CustomerId), ("$status", (int?)query.Status), ("$limit", query.Limit ?? -1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Order? current = null;
        long currentSeq = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var seq = reader.GetInt64(0);
            if (current is null || seq != currentSeq)
            {
                if (current is not null)
                {
                    yield return current;
                }
                (current, currentSeq) = (MapOrder(reader), seq);
            }
            if (!reader.IsDBNull(7))
            {
                current.Items.Add(MapItem(reader, 7));
            }
        }
        if (current is not null)
        {
            yield return current;
        }
    }

    public async Task<AppendResult> AppendItemsAsync(string id, IReadOnlyList<LineItem> items, Func<IEnumerable<LineItem>, double> price, DateTime now, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction();
            var order = ReadOrder(_writer, transaction, id, out var seq);
            if (order is null)
            {
                return new AppendResult(null, null);
            }
            if (order.Status != OrderStatus.Pending)
            {
                return new AppendResult(null, order.Status);
            }
            InsertItems(transaction, seq, order.Items.Count, items);
            order.Items.AddRange(items);
            order.Total = price(order.Items);
            order.UpdatedAt = now;
            using (var update = Command(_writer, transaction, "UPDATE orders SET total = $total, updated_at = $updated WHERE seq = $seq;",
                ("$total", order.Total), ("$updated", now.Ticks), ("$seq", seq)))
            {
                update.ExecuteNonQuery();
            }
            transaction.Commit();
            return new AppendResult(order, null);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> TryUpdateStatusAsync(string id, OrderStatus from, OrderStatus to, DateTime now, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var update = Command(_writer, null, "UPDATE orders SET status = $to, updated_at = $updated WHERE id = $id AND status = $from;",
                ("$to", (int)to), ("$updated", now.Ticks), ("$id", id), ("$from", (int)from));
            return update.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<long> AddChatMessageAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var insert = Command(_writer, null,
                "INSERT INTO chat_messages (order_id, sender, text, sent_at) VALUES ($order, $sender, $text, $sent); SELECT last_insert_rowid();",
                ("$order", message.OrderId), ("$sender", message.Sender), ("$text", message.Text), ("$sent", message.SentAt!.Value.Ticks));
            return (long)insert.ExecuteScalar()!;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<(long Sequence, ChatMessage Message)>> GetRecentChatAsync(string orderId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = Command(connection, null,
            "SELECT seq, sender, text, sent_at FROM chat_messages WHERE order_id = $order ORDER BY seq DESC LIMIT $count;",
            ("$order", orderId), ("$count", count));
        using var reader = command.ExecuteReader();
        var messages = new List<(long, ChatMessage)>();
        while (reader.Read())
        {
            messages.Add((reader.GetInt64(0), new ChatMessage
            {
                OrderId = orderId,
                Sender = reader.GetString(1),
                Text = reader.GetString(2),
                SentAt = new DateTime(reader.GetInt64(3), DateTimeKind.Utc),
            }));
        }
        messages.Reverse();
        return messages;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeLock.Dispose();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private void InsertItems(SqliteTransaction transaction, long orderSeq, int firstPosition, IEnumerable<LineItem> items)
    {
        using var insert = Command(_writer, transaction,
            "INSERT INTO line_items (order_seq, position, product_id, quantity, unit_price) VALUES ($order, $position, $product, $quantity, $price);",
            ("$order", orderSeq), ("$position", 0), ("$product", ""), ("$quantity", 0), ("$price", 0.0));
        insert.Prepare();
        var position = firstPosition;
        foreach (var item in items)
        {
            insert.Parameters["$position"].Value = position++;
            insert.Parameters["$product"].Value = item.ProductId;
            insert.Parameters["$quantity"].Value = item.Quantity;
            insert.Parameters["$price"].Value = item.UnitPrice;
            insert.ExecuteNonQuery();
        }
    }

    private static Order? ReadOrder(SqliteConnection connection, SqliteTransaction? transaction, string id) =>
        ReadOrder(connection, transaction, id, out _);

    private static Order? ReadOrder(SqliteConnection connection, SqliteTransaction? transaction, string id, out long seq)
    {
        using var command = Command(connection, transaction,
            $"""
            SELECT {OrderColumns}, i.product_id, i.quantity, i.unit_price
            FROM orders AS o LEFT JOIN line_items AS i ON i.order_seq = o.seq
            WHERE o.id = $id ORDER BY i.position;
            """, ("$id", id));
        using var reader = command.ExecuteReader();
        Order? order = null;
        seq = 0;
        while (reader.Read())
        {
            if (order is null)
            {
                (order, seq) = (MapOrder(reader), reader.GetInt64(0));
            }
            if (!reader.IsDBNull(7))
            {
                order.Items.Add(MapItem(reader, 7));
            }
        }
        return order;
    }

    private static Order MapOrder(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(1),
        CustomerId = reader.GetString(2),
        Status = (OrderStatus)reader.GetInt32(3),
        Total = reader.GetDouble(4),
        CreatedAt = new DateTime(reader.GetInt64(5), DateTimeKind.Utc),
        UpdatedAt = new DateTime(reader.GetInt64(6), DateTimeKind.Utc),
    };

    private static LineItem MapItem(SqliteDataReader reader, int first) => new()
    {
        ProductId = reader.GetString(first),
        Quantity = reader.GetInt32(first + 1),
        UnitPrice = reader.GetDouble(first + 2),
    };

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, null, sql);
        command.ExecuteNonQuery();
    }
}
