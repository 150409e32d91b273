// Progressive enhancement of the citizen form. Without this file the form works
// the same; these checks only help early, the server's answer is what counts.
(function () {
  'use strict';
  var form = document.querySelector('form.letter-form');
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  if (!form) return;

  var messages = {
    'sr-Cyrl': { required: 'Ово поље је обавезно.', short: 'Најмање 10 знакова.', contact: 'Наведите адресу е-поште или број телефона.' },
    'sr-Latn': { required: 'Ovo polje je obavezno.', short: 'Najmanje 10 znakova.', contact: 'Navedite adresu e-pošte ili broj telefona.' },
    en: { required: 'This field is required.', short: 'At least 10 characters.', contact: 'Give an email address or a phone number.' }
  }[form.getAttribute('data-language')] || null;

  // "I live abroad": show the country instead of the municipality.
  var toggleBox = document.querySelector('.abroad-toggle');
  var toggle = document.getElementById('abroad-toggle');
  var municipalityField = document.getElementById('municipality').closest('.field');
  var country = document.getElementById('country');
  var countryField = country.closest('.field');
  function applyAbroad() {
    var abroad = toggle.checked;
    municipalityField.hidden = abroad;
    countryField.hidden = !abroad;
    if (abroad) document.getElementById('municipality').value = '';
    else country.value = '';
  }
  toggleBox.hidden = false;
  toggle.addEventListener('change', applyAbroad);
  applyAbroad();

  function hint(input, text) {
    var id = input.id + '-live';
    var existing = document.getElementById(id);
    var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (x) { return x && x !== id; });
    if (!text) {
      if (existing) existing.remove();
      input.setAttribute('aria-describedby', described.join(' '));
      if (!document.getElementById(input.id + '-error')) input.removeAttribute('aria-invalid');
      return;
    }
    if (!existing) {
      existing = document.createElement('p');
      existing.id = id;
      existing.className = 'error-message';
      existing.setAttribute('aria-live', 'polite');
      input.parentNode.insertBefore(existing, input);
    }
    existing.textContent = text;
    described.push(id);
    input.setAttribute('aria-describedby', described.join(' '));
    input.setAttribute('aria-invalid', 'true');
  }

  function check(input) {
    if (!messages) return;
    var value = input.value.trim();
    if (['name', 'surname', 'address'].indexOf(input.id) >= 0) hint(input, value ? '' : messages.required);
    if (input.id === 'municipality' && !toggle.checked) hint(input, value ? '' : messages.required);
    if (input.id === 'message') hint(input, value.length === 0 ? messages.required : value.length < 10 ? messages.short : '');
    if (input.id === 'email' || input.id === 'phone') {
      var email = document.getElementById('email');
      var phone = document.getElementById('phone');
      hint(email, email.value.trim() || phone.value.trim() ? '' : messages.contact);
    }
  }

  // Checked as the reader types, not on blur: a message appearing while a click
  // is in progress would move the button away from under the pointer.
  ['name', 'surname', 'municipality', 'address', 'email', 'phone', 'message'].forEach(function (id) {
    var input = document.getElementById(id);
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { check(input); }, 400);
    });
  });
})();
