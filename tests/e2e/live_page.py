"""In-page probes every live chart's browser tests use: what the page sends, and the meters in
the first animation frame after a key."""

# Every websocket message the page sends, with its time; installed before the app loads.
RECORD_SENDS = """(() => {
    window.__sends = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (...args) {
        window.__sends.push(performance.now());
        return send.apply(this, args);
    };
})()"""

# Evaluated with the chart's key once the chart is drawn: on the next keydown, the chart's meters
# as they are in the first animation frame after the key, and the time of the key.
WATCH_NEXT_FRAME = """(chart) => {
    window.__frame = null;
    const meters = () => [...document.querySelectorAll(`.st-key-${chart} *`)]
        .flatMap((node) => node.shadowRoot ? [...node.shadowRoot.querySelectorAll("[role=meter]")] : []);
    document.addEventListener("keydown", () => {
        const pressed = performance.now();
        requestAnimationFrame(() => {
            const values = meters().map((m) => Number(m.getAttribute("aria-valuenow")));
            window.__frame = { pressed, values };
        });
    }, { once: true });
}"""
