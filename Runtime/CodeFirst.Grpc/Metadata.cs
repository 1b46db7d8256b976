using System.Collections;

namespace CodeFirst.Grpc;

/// <summary>
/// gRPC metadata: request headers, response headers or trailers. Keys are lower-case ASCII; a key
/// ending in <c>-bin</c> carries bytes (base64 on the wire), any other key an ASCII string.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    /// <summary>The suffix of keys whose values are binary.</summary>
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> _entries = [];

    /// <summary>An empty, shared, read-only instance.</summary>
    public static readonly Metadata Empty = new() { IsReadOnly = true };

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>True for <see cref="Empty"/>.</summary>
    public bool IsReadOnly { get; private init; }

    /// <inheritdoc />
    public Entry this[int index]
    {
        get => _entries[index];
        set
        {
            CheckWritable();
            _entries[index] = value;
        }
    }

    /// <summary>Adds an ASCII-valued entry.</summary>
    public void Add(string key, string value) => Add(new Entry(key, value));

    /// <summary>Adds a binary-valued entry; <paramref name="key"/> must end in <c>-bin</c>.</summary>
    public void Add(string key, byte[] value) => Add(new Entry(key, value));

    /// <inheritdoc />
    public void Add(Entry item)
    {
        CheckWritable();
        _entries.Add(item);
    }

    /// <summary>The last entry with <paramref name="key"/>, or <see langword="null"/>.</summary>
    public Entry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }
        return null;
    }

    /// <summary>
    /// Adds a header as it came off the wire: a <c>-bin</c> value is base64-decoded (padding optional); a header
    /// gRPC metadata cannot represent (a key outside a-z, 0-9, <c>-_.</c>, a value outside printable ASCII) is
    /// skipped, and false returned. Malformed base64 throws <see cref="FormatException"/> for the caller to judge.
    /// </summary>
    internal bool TryAddReceived(string key, string value)
    {
        if (!Entry.TryNormalizeKey(key, out var normalized))
        {
            return false;
        }
        if (Entry.IsBinaryKey(normalized))
        {
            _entries.Add(new Entry(normalized, null, Internal.GrpcProtocol.DecodeBinaryHeader(value)));
            return true;
        }
        if (!Entry.IsPrintableAscii(value))
        {
            return false;
        }
        _entries.Add(new Entry(normalized, value, null));
        return true;
    }

    /// <summary>The string value of the last entry with <paramref name="key"/>, or <see langword="null"/>.</summary>
    public string? GetValue(string key) => Get(key)?.Value;

    /// <summary>The bytes of the last binary entry with <paramref name="key"/>, or <see langword="null"/>.</summary>
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    /// <summary>Every entry with <paramref name="key"/>, in order.</summary>
    public IEnumerable<Entry> GetAll(string key) =>
        _entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public void Clear()
    {
        CheckWritable();
        _entries.Clear();
    }

    /// <inheritdoc />
    public bool Contains(Entry item) => _entries.Contains(item);

    /// <inheritdoc />
    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    /// <summary>Enumerates the entries without allocating (<c>foreach</c> binds to this).</summary>
    public List<Entry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<Entry> IEnumerable<Entry>.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public int IndexOf(Entry item) => _entries.IndexOf(item);

    /// <inheritdoc />
    public void Insert(int index, Entry item)
    {
        CheckWritable();
        _entries.Insert(index, item);
    }

    /// <inheritdoc />
    public bool Remove(Entry item)
    {
        CheckWritable();
        return _entries.Remove(item);
    }

    /// <inheritdoc />
    public void RemoveAt(int index)
    {
        CheckWritable();
        _entries.RemoveAt(index);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void CheckWritable()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("This metadata is read-only.");
        }
    }

    /// <summary>One metadata entry.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        /// <summary>An ASCII-valued entry.</summary>
        /// <exception cref="ArgumentException">The key is invalid or ends in <c>-bin</c>, or the value is not printable ASCII.</exception>
        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' ends in -bin, so its value must be bytes.", nameof(key));
            }
            if (!IsPrintableAscii(value))
            {
                throw new ArgumentException($"The value of metadata key '{Key}' must be printable ASCII; use a -bin key for other data.", nameof(value));
            }
            _value = value;
        }

        /// <summary>An entry whose key is normalised and whose value is checked already.</summary>
        internal Entry(string normalizedKey, string? value, byte[]? bytes)
        {
            Key = normalizedKey;
            _value = value;
            _bytes = bytes;
        }

        /// <summary>A binary-valued entry; the key must end in <c>-bin</c>.</summary>
        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Metadata key '{Key}' carries bytes, so it must end in -bin.", nameof(key));
            }
            _bytes = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The lower-case key.</summary>
        public string Key { get; }

        /// <summary>True when the key ends in <c>-bin</c>.</summary>
        public bool IsBinary => _bytes is not null;

        /// <summary>The string value (for a binary entry, its bytes as base64).</summary>
        public string Value => _value ?? Convert.ToBase64String(_bytes!);

        /// <summary>The bytes (for an ASCII entry, its value's ASCII bytes).</summary>
        public byte[] ValueBytes => _bytes ?? System.Text.Encoding.ASCII.GetBytes(_value!);

        /// <inheritdoc />
        public override string ToString() => $"{Key}: {Value}";

        /// <summary>True when <paramref name="key"/> ends in <c>-bin</c>.</summary>
        public static bool IsBinaryKey(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase);

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            return TryNormalizeKey(key, out var normalized)
                ? normalized
                : throw new ArgumentException($"Metadata key '{key}' may contain only a-z, 0-9, '-', '_' and '.'.", nameof(key));
        }

        internal static bool TryNormalizeKey(string key, out string normalized)
        {
            normalized = key.ToLowerInvariant();
            if (normalized.Length == 0)
            {
                return false;
            }
            foreach (var c in normalized)
            {
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
                {
                    return false;
                }
            }
            return true;
        }

        internal static bool IsPrintableAscii(string value)
        {
            foreach (var c in value)
            {
                if (c is < ' ' or > '~')
                {
                    return false;
                }
            }
            return true;
        }
    }
}
