using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CodeFirst.Grpc.AspNetCore.Web;

/// <summary>
/// Presents a gRPC-Web call to the server as a gRPC one by swapping HTTP features for the length of the call:
/// the request body (decoded from base64 in text mode), the response body (encoded to base64 in text mode), the
/// response trailers (collected, then written as the trailer frame at the end of the body) and, on HTTP/1.x, the
/// request's protocol as the server sees it. The originals are put back by <see cref="Detach"/>.
/// </summary>
internal sealed class GrpcWebFeature : IRequestBodyPipeFeature, IHttpResponseBodyFeature, IHttpResponseTrailersFeature
{
    private readonly IRequestBodyPipeFeature? _originalRequestBody;
    private readonly IHttpResponseBodyFeature _originalResponseBody;
    private readonly IHttpResponseTrailersFeature? _originalTrailers;
    private readonly IHttpRequestFeature? _originalRequest;
    private Stream? _stream;
    private bool _trailersWritten;

    public GrpcWebFeature(HttpContext httpContext, GrpcWebMode mode)
    {
        var features = httpContext.Features;
        _originalRequestBody = features.Get<IRequestBodyPipeFeature>();
        _originalResponseBody = features.Get<IHttpResponseBodyFeature>()
            ?? throw new InvalidOperationException("The server provides no IHttpResponseBodyFeature; gRPC-Web needs one.");
        _originalTrailers = features.Get<IHttpResponseTrailersFeature>();
        var reader = _originalRequestBody?.Reader ?? httpContext.Request.BodyReader;
        Reader = mode == GrpcWebMode.Text ? new Base64RequestReader(reader) : reader;
        Writer = mode == GrpcWebMode.Text ? new Base64ResponseWriter(_originalResponseBody.Writer) : _originalResponseBody.Writer;
        features.Set<IRequestBodyPipeFeature>(this);
        features.Set<IHttpResponseBodyFeature>(this);
        features.Set<IHttpResponseTrailersFeature>(this);
        var request = features.Get<IHttpRequestFeature>();
        if (request is not null && !HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // The server serves gRPC only over HTTP/2; gRPC-Web over HTTP/1.1 is the point. Only the view the server
            // reads is changed: Kestrel's own connection state still says HTTP/1.1.
            _originalRequest = request;
            features.Set<IHttpRequestFeature>(new Http2RequestView(request));
        }
    }

    public PipeReader Reader { get; }

    public PipeWriter Writer { get; }

    public Stream Stream => _stream ??= Writer == _originalResponseBody.Writer ? _originalResponseBody.Stream : Writer.AsStream(leaveOpen: true);

    public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();

    public void DisableBuffering() => _originalResponseBody.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _originalResponseBody.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("A gRPC-Web call cannot send a file.");

    /// <summary>Ends the response early (the server does so when a deadline passes): the trailer frame first.</summary>
    public async Task CompleteAsync()
    {
        await WriteTrailersAsync();
        await _originalResponseBody.CompleteAsync();
    }

    /// <summary>
    /// Writes the collected trailers as the last frame of the body, once. A trailers-only response (status in the
    /// headers, nothing collected) gets no frame.
    /// </summary>
    public async Task WriteTrailersAsync()
    {
        if (_trailersWritten || Trailers.Count == 0)
        {
            return;
        }
        _trailersWritten = true;
        GrpcWebProtocol.WriteTrailers(Trailers, Writer);
        await Writer.FlushAsync();
    }

    /// <summary>Puts the original features back, so what runs after the call sees the request as it came.</summary>
    public void Detach(HttpContext httpContext)
    {
        var features = httpContext.Features;
        features.Set(_originalRequestBody);
        features.Set(_originalResponseBody);
        features.Set(_originalTrailers);
        if (_originalRequest is not null)
        {
            features.Set(_originalRequest);
        }
    }

    /// <summary>The request as the gRPC server sees it: everything as it came, but the protocol is HTTP/2.</summary>
    private sealed class Http2RequestView(IHttpRequestFeature inner) : IHttpRequestFeature
    {
        public string Protocol { get => HttpProtocol.Http2; set => inner.Protocol = value; }

        public string Scheme { get => inner.Scheme; set => inner.Scheme = value; }

        public string Method { get => inner.Method; set => inner.Method = value; }

        public string PathBase { get => inner.PathBase; set => inner.PathBase = value; }

        public string Path { get => inner.Path; set => inner.Path = value; }

        public string QueryString { get => inner.QueryString; set => inner.QueryString = value; }

        public string RawTarget { get => inner.RawTarget; set => inner.RawTarget = value; }

        public IHeaderDictionary Headers { get => inner.Headers; set => inner.Headers = value; }

        public Stream Body { get => inner.Body; set => inner.Body = value; }
    }
}
