// The shop's page script, served as /shop.js. Plain ES2017 for any browser, written as text
// because the core is compiled without the DOM's types. It calls the shop's API for every
// page, signs visitors in through the SDK's identify(), and when an order fails it throws an
// uncaught Error, as a real shop's code would, so the SDK records what the user saw.
//
// For the crowd's driver it keeps two marks on <body>: data-idle once the page's calls have
// settled, and data-completed counting the calls settled so far.
import { CLOCK_HEADER, UI, USER_HEADER, USER_STORAGE_KEY, VISIT_HEADER, VISIT_STORAGE_KEY, CHECKOUT_ERROR } from './catalogue.js';

const js = (v: unknown) => JSON.stringify(v);

export const SHOP_JS = `(function () {
  'use strict';
  var body = document.body;
  var pending = 0;
  var completed = 0;
  function read(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function write(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }
  function byId(id) { return document.getElementById(id); }
  function text(id, value) { var el = byId(id); if (el) el.textContent = value; }
  function money(cents) { return '\\u20ac' + (cents / 100).toFixed(2); }
  function begin() { pending++; body.removeAttribute('data-idle'); }
  function end() {
    pending = Math.max(0, pending - 1);
    completed++;
    body.setAttribute('data-completed', String(completed));
    if (pending === 0) body.setAttribute('data-idle', '1');
  }
  /** Runs one piece of the page's work; a failure is thrown uncaught once the marks are set. */
  function work(promise) {
    begin();
    promise.then(end, function (err) {
      queueMicrotask(function () { end(); throw err; });
    });
  }
  function api(method, path, payload) {
    var headers = {};
    headers[${js(CLOCK_HEADER)}] = String(Date.now());
    var visit = read(${js(VISIT_STORAGE_KEY)});
    if (visit) headers[${js(VISIT_HEADER)}] = visit;
    var user = read(${js(USER_STORAGE_KEY)});
    if (user) headers[${js(USER_HEADER)}] = user;
    var init = { method: method, headers: headers };
    if (payload !== undefined) { headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(payload); }
    return fetch(path, init).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; });
    });
  }
  function expectOk(r) {
    if (!r.ok) throw new Error('The shop answered HTTP ' + r.status);
    return r.data;
  }
  function linkItem(id, href, label) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.id = id;
    a.href = href;
    a.textContent = label;
    li.appendChild(a);
    return li;
  }
  function showUser() {
    var user = read(${js(USER_STORAGE_KEY)});
    if (user) text('signin-status', 'Signed in as ' + user);
  }

  var pages = {
    home: function () {
      var form = byId(${js(UI.signInForm.id)});
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var name = String(byId(${js(UI.signInField.id)}).value || '').trim();
        if (!name) return;
        write(${js(USER_STORAGE_KEY)}, name);
        if (window.logbridge) window.logbridge.identify(name);
        showUser();
      });
      work(api('GET', '/api/products').then(expectOk).then(function (data) {
        var list = byId('products');
        data.products.forEach(function (p) { list.appendChild(linkItem('product-' + p.id, '/product/' + p.id, p.name)); });
      }));
    },
    product: function () {
      var id = Number(body.getAttribute('data-product-id'));
      work(api('GET', '/api/products/' + id).then(expectOk).then(function (p) {
        text('product-name', p.name);
        text('product-price', money(p.price));
      }));
      work(api('GET', '/api/recommendations?product=' + id).then(expectOk).then(function (data) {
        var list = byId('recommendations');
        data.products.forEach(function (p) { list.appendChild(linkItem('recommended-' + p.id, '/product/' + p.id, p.name)); });
      }));
      byId(${js(UI.addToCart.id)}).addEventListener('click', function () {
        work(api('POST', '/api/cart', { product_id: id }).then(expectOk).then(function (cart) {
          text('cart-status', 'Added: ' + cart.count + ' item(s) in your cart');
        }));
      });
    },
    cart: function () {
      work(api('GET', '/api/cart').then(expectOk).then(function (cart) {
        var list = byId('cart-items');
        cart.items.forEach(function (item) {
          var li = document.createElement('li');
          li.textContent = item.name + ' ' + money(item.price);
          list.appendChild(li);
        });
        text('cart-total', 'Total: ' + money(cart.total));
      }));
    },
    checkout: function () {
      work(api('GET', '/api/cart').then(expectOk).then(function (cart) { text('cart-total', 'Total: ' + money(cart.total)); }));
      byId(${js(UI.checkoutForm.id)}).addEventListener('submit', function (e) {
        e.preventDefault();
        text(${js(UI.checkoutError.id)}, '');
        work(api('POST', '/api/checkout', {}).then(function (r) {
          if (r.ok) { location.assign('/thanks'); return; }
          var message = ${js(CHECKOUT_ERROR)} + ' (HTTP ' + r.status + ')';
          text(${js(UI.checkoutError.id)}, message + '. Please try again.');
          throw new Error(message);
        }));
      });
    },
    thanks: function () {}
  };

  showUser();
  var init = pages[body.getAttribute('data-page')];
  if (init) init();
  if (pending === 0) body.setAttribute('data-idle', '1');
})();
`;
