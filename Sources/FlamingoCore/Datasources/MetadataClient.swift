/// The HTTP client of the metadata services: plain HTTP to one service, every wait bounded.
///
/// - each request: a connect timeout, then a timeout for the whole answer, both inside the
///   service's deadline (what `Defaults.metadata*` say);
/// - a failure that may pass (no connection, a reset, a timeout, an answer cut short by the
///   connection closing, 5xx, 429) is retried with a doubling pause while the deadline allows;
///   404 is an answer ("not there"), any other status an error, and so is a malformed or
///   oversized answer (retrying it would get the same);
/// - every answer has a size limit; redirects are followed only to the same host and port, at
///   most `redirectLimit` of them;
/// - one connection serves request after request while the service keeps it open (a dozen
///   requests cost one TCP handshake); one the service closed meanwhile is opened again at once;
/// - what is logged is the method, the path and the outcome: never a header (tokens) or a body.
public final class MetadataClient {
    public struct Timeouts: Sendable {
        public var connectMilliseconds = Defaults.metadataConnectMilliseconds
        public var requestMilliseconds = Defaults.metadataRequestMilliseconds
        /// The first pause between tries; each next one doubles, up to `maximumPauseMilliseconds`.
        public var firstPauseMilliseconds = 200
        public var maximumPauseMilliseconds = 2_000
        public init() {}
    }

    public static let redirectLimit = 3
    /// The limit on a metadata answer; user-data gets `DriveContents.fileLimit`, as on a drive.
    public static let answerLimit = 1 << 20

    public let base: HTTPURL
    /// Sent with every request (`Metadata-Flavor: Google`, EC2's token). Never logged.
    public var headers: [(String, String)] = []
    public let timeouts: Timeouts
    /// The monotonic time (ms) after which nothing more is tried.
    public let deadline: Double
    let log: Log?
    /// Requests made, tries included (for the run's messages).
    public private(set) var requestCount = 0
    /// Connections opened (for the run's messages).
    public private(set) var connectionCount = 0
    /// The open connection and where it leads, kept between requests.
    private var connection: (socket: Socket, host: String, port: UInt16)?

    public init(base: HTTPURL, deadline: Double, timeouts: Timeouts = Timeouts(), log: Log?) {
        self.base = base
        self.deadline = deadline
        self.timeouts = timeouts
        self.log = log
    }

    /// `base` + `path`'s body, or nil on 404.
    public func get(_ path: String, limit: Int = answerLimit) throws -> RawInput? {
        let url = base.appending(path)
        let response = try exchange("GET", url, extraHeaders: [], limit: limit)
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw failure(url, "\(response.status) \(response.reason)") }
        return RawInput(file: url.description, bytes: response.body)
    }

    /// `base` + `path` as text, or nil on 404 (a listing, an id).
    public func text(_ path: String) throws -> String? {
        try get(path).map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// Any request; the response whatever its status (the caller decides what a 401 means).
    public func exchange(_ method: String, _ path: String, extraHeaders: [(String, String)], limit: Int = answerLimit) throws -> HTTPResponse {
        try exchange(method, base.appending(path), extraHeaders: extraHeaders, limit: limit)
    }

    private func exchange(_ method: String, _ start: HTTPURL, extraHeaders: [(String, String)], limit: Int) throws -> HTTPResponse {
        var url = start
        var redirects = 0
        var pause = timeouts.firstPauseMilliseconds
        var tries = 0
        while true {
            tries += 1
            let began = MonotonicClock.milliseconds()
            let outcome: Result<HTTPResponse, Error>
            do {
                outcome = .success(try once(method, url, headers: headers + extraHeaders, limit: limit))
            } catch {
                outcome = .failure(error)
            }
            let took = Int(MonotonicClock.milliseconds() - began)
            switch outcome {
            case .success(let response):
                log?.debug("fetch", "\(method) \(url.shownPath): \(response.status), \(response.body.count) bytes, \(took) ms")
                if [301, 302, 303, 307, 308].contains(response.status) {
                    guard let location = response.header("location") else { throw failure(url, "\(response.status) redirect without a Location") }
                    let target = location.hasPrefix("/") ? url.appending(location) : try? HTTPURL(parsing: location)
                    guard let target, target.isSameService(as: base) else {
                        throw failure(url, "redirected to \(HTTPResponse.printable(location.prefix(100))): only redirects to the same service are followed")
                    }
                    redirects += 1
                    guard redirects <= Self.redirectLimit else { throw failure(start, "more than \(Self.redirectLimit) redirects") }
                    url = target
                    continue
                }
                guard response.status >= 500 || response.status == 429 else { return response }
                if !pauseBeforeRetry(&pause) { throw failure(url, "\(response.status) \(response.reason) (\(Self.tries(tries)))") }
            case .failure(let error as HTTPResponse.Malformed) where !error.cutShort:
                throw failure(url, error.description)
            case .failure(let diagnostic as Diagnostic):
                throw diagnostic
            case .failure(let error):
                log?.debug("fetch", "\(method) \(url.shownPath): \(error) after \(took) ms")
                if !pauseBeforeRetry(&pause) { throw failure(url, "\(error) (\(Self.tries(tries)))") }
            }
            log?.debug("fetch", "\(method) \(url.shownPath): trying again")
        }
    }

    /// Sleeps before the next try, if the deadline leaves room for it and a request after it.
    private func pauseBeforeRetry(_ pause: inout Int) -> Bool {
        let now = MonotonicClock.milliseconds()
        guard now + Double(pause) + 50 < deadline else { return false }
        MonotonicClock.sleep(milliseconds: pause)
        pause = min(pause * 2, timeouts.maximumPauseMilliseconds)
        return true
    }

    /// One request, on the open connection when there is one to the same place.
    private func once(_ method: String, _ url: HTTPURL, headers: [(String, String)], limit: Int) throws -> HTTPResponse {
        requestCount += 1
        guard let address = IPv4Address(url.host) else {
            throw Diagnostic(.error, file: url.description, mark: nil,
                             "\"\(url.host)\" is a name: flamingo connects to addresses only (no resolver in the initramfs; docs/datasources.md)")
        }
        let now = MonotonicClock.milliseconds()
        guard now < deadline else { throw SystemError("request", path: url.description, code: .timedOut) }
        let requestDeadline = min(now + Double(timeouts.requestMilliseconds), deadline)
        let request = HTTPMessage.request(method: method, url: url, headers: headers)
        if let open = connection, open.host == url.host, open.port == url.port {
            // The service may have closed it since (nothing back, or a reset): then a new one, at once.
            do {
                return try exchange(request, on: open.socket, deadline: requestDeadline, limit: limit, reused: true)
            } catch is ReusedConnectionClosed {
            } catch let error as SystemError where error.code == .connectionReset || error.code == .brokenPipe {
            }
        }
        connection = nil
        let socket = try Socket.connect(to: address, port: url.port,
                                        deadline: min(now + Double(timeouts.connectMilliseconds), requestDeadline))
        connectionCount += 1
        connection = (socket, url.host, url.port)
        return try exchange(request, on: socket, deadline: requestDeadline, limit: limit, reused: false)
    }

    /// Sends `request` and reads one answer; the connection is kept when the answer allows it.
    private func exchange(_ request: [UInt8], on socket: Socket, deadline: Double, limit: Int, reused: Bool) throws -> HTTPResponse {
        do {
            try socket.send(request, deadline: deadline)
            var received: [UInt8] = []
            while true {
                let chunk = try socket.receive(maximum: 64 << 10, deadline: deadline)
                if chunk.isEmpty && received.isEmpty && reused { throw ReusedConnectionClosed() }
                received += chunk
                if let response = try HTTPResponse.parse(received, ended: chunk.isEmpty, bodyLimit: limit) {
                    if chunk.isEmpty || response.header("connection")?.lowercased() == "close" { connection = nil }
                    return response
                }
                if received.count > limit + HTTPResponse.headLimit + (1 << 20) {
                    throw HTTPResponse.Malformed("the answer is over the \(limit)-byte limit")
                }
            }
        } catch {
            connection = nil
            throw error
        }
    }

    private struct ReusedConnectionClosed: Error {}

    static func tries(_ count: Int) -> String { count == 1 ? "1 try" : "\(count) tries" }

    private func failure(_ url: HTTPURL, _ message: String) -> Diagnostic {
        Diagnostic(.error, file: url.description, mark: nil, message)
    }
}
