namespace CodeFirst.Orders.Server.Chat;

/// <summary>The <c>Chat</c> configuration section.</summary>
public sealed class ChatOptions
{
    /// <summary>The configuration section's name.</summary>
    public const string Section = "Chat";

    /// <summary>Messages a joining stream receives from the room's history before live ones. Default 50.</summary>
    public int HistorySize { get; set; } = 50;

    /// <summary>
    /// Messages that may wait for one slow reader; a reader further behind is ended with RESOURCE_EXHAUSTED so it
    /// cannot stall the room or hold unbounded memory. Default 256.
    /// </summary>
    public int ReaderBufferSize { get; set; } = 256;

    /// <summary>Longest message text, in characters. Default 4096.</summary>
    public int MaxTextLength { get; set; } = 4096;
}
