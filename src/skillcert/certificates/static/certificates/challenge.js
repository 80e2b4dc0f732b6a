// The check asked for after repeated failed certificate queries (skillcert.core.challenge, docs/security.md).
// It solves the server's ALTCHA v2 challenge (PBKDF2/SHA-256): try counters from 0 up until the PBKDF2 key of
// nonce + counter (4 bytes, big-endian) starts with the published key prefix, then put the answer, as ALTCHA's
// base64 JSON payload, into the form's hidden "altcha" field. Web Crypto does the hashing; no worker, no eval.
// It starts by itself; progress is announced in the polite live region. A query sent before the check is done
// waits for it and then goes. Should it fail, a button loads the page again with a new check.
(function () {
  "use strict";
  var BATCH = 8; // counters tried at once: Web Crypto runs them off the page's thread, in parallel

  function bytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i += 1) { out[i] = parseInt(hex.substr(i * 2, 2), 16); }
    return out;
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  function derive(parameters, nonce, salt, counter) {
    var password = new Uint8Array(nonce.length + 4);
    password.set(nonce);
    new DataView(password.buffer).setUint32(nonce.length, counter, false);
    return crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]).then(function (key) {
      var algorithm = { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: parameters.cost };
      return crypto.subtle.deriveBits(algorithm, key, parameters.keyLength * 8);
    }).then(hex);
  }

  // Resolves with {counter, derivedKey, time}, or rejects when no counter up to maxCounter answers.
  function solve(check) {
    var parameters = check.challenge.parameters;
    var nonce = bytes(parameters.nonce);
    var salt = bytes(parameters.salt);
    var prefix = parameters.keyPrefix.toLowerCase();
    var started = Date.now();
    function from(first) {
      if (first > check.maxCounter) { return Promise.reject(new Error("no answer")); }
      var tries = [];
      for (var counter = first; counter < first + BATCH; counter += 1) {
        tries.push(derive(parameters, nonce, salt, counter));
      }
      return Promise.all(tries).then(function (keys) {
        for (var i = 0; i < keys.length; i += 1) {
          if (keys[i].indexOf(prefix) === 0) {
            return { counter: first + i, derivedKey: keys[i], time: Date.now() - started };
          }
        }
        return from(first + BATCH);
      });
    }
    return from(0);
  }

  function start(box) {
    var form = box.closest("form");
    var answer = box.querySelector("[data-check-answer]");
    var status = box.querySelector("[data-check-status]");
    var retry = box.querySelector("[data-check-retry]");
    var check = JSON.parse(document.getElementById("query-check-challenge").textContent);
    var sendWhenDone = false;
    var running = false;

    function say(key) { status.textContent = box.getAttribute("data-" + key); }

    function run() {
      if (!window.crypto || !window.crypto.subtle) { say("insecure"); return; }
      running = true;
      retry.hidden = true;
      say("working");
      solve(check).then(function (solution) {
        answer.value = btoa(JSON.stringify({ challenge: check.challenge, solution: solution }));
        running = false;
        say("done");
        if (sendWhenDone) { form.requestSubmit(); }
      }, function () {
        running = false;
        sendWhenDone = false;
        say("failed");
        retry.hidden = false;
        retry.querySelector("button").focus();
      });
    }

    form.addEventListener("submit", function (event) {
      if (answer.value) { return; }
      event.preventDefault();
      sendWhenDone = true;
      if (!running) { run(); } else { say("working"); }
    });
    // The same challenge would fail the same way again: a new page brings a new one.
    retry.querySelector("button").addEventListener("click", function () { window.location.assign(window.location.pathname); });
    run();
  }

  document.querySelectorAll("[data-check]").forEach(start);
})();
