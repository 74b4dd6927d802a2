// Turns the rating radio buttons into stars: click or hover with the mouse, arrow keys with the keyboard.
// Without this script the same radios work as plain radio buttons.
(function () {
  "use strict";

  function enhance(fieldset) {
    var inputs = Array.prototype.slice.call(fieldset.querySelectorAll('input[type="radio"]'));
    var labels = inputs.map(function (input) {
      return fieldset.querySelector('label[for="' + input.id + '"]');
    });

    function checkedValue() {
      for (var i = 0; i < inputs.length; i += 1) {
        if (inputs[i].checked) {
          return i + 1;
        }
      }
      return 0;
    }

    function paint(count) {
      labels.forEach(function (label, index) {
        label.classList.toggle("is-lit", index < count);
      });
    }

    inputs.forEach(function (input, index) {
      input.addEventListener("change", function () {
        paint(checkedValue());
      });
      labels[index].addEventListener("mouseenter", function () {
        paint(index + 1);
      });
    });
    fieldset.addEventListener("mouseleave", function () {
      paint(checkedValue());
    });
    fieldset.classList.add("star-rating--enhanced");
    paint(checkedValue());
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-star-rating]"), enhance);
})();
