"""``{% personal %}`` and ``{% personal_flag %}``: the personal parts of a learner's page (``core.learner_pages``)."""

from django import template
from django.template.base import Variable

from core import learner_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, template_name, **values):
    """``{% personal "includes/rating_form.html" course=course %}``: that template is the learner's own part; it
    sees only these values, the learner facts (``learner``) and the context processors' values."""
    return learner_pages.part(
        context["request"], learner_pages.render_template, template_name=template_name, values=values
    )


class PersonalFlagNode(template.Node):
    def __init__(self, item, path, name, nodelist):
        self.item, self.path, self.name, self.nodelist = item, path, name, nodelist

    def render(self, context):
        def render(on):
            with context.push({self.name: on}):
                return self.nodelist.render(context)

        if self.item is None:  # the fact itself: whether it holds anything
            return learner_pages.flag(
                context["request"], True, learner_pages.learner_fact_holds, render, path=self.path
            )
        return learner_pages.flag(
            context["request"], self.item.resolve(context), learner_pages.learner_collection, render, path=self.path
        )


@register.tag
def personal_flag(parser, token):
    """A shared piece with one personal bit, ``name``:

    - ``{% personal_flag lesson.id in learner.completed_lesson_ids as done %}``: whether the item is in that
      collection of the learner facts;
    - ``{% personal_flag learner.continue_watching as watching %}``: whether that fact holds anything.
    """
    bits = token.split_contents()
    usage = f"Usage: {{% {bits[0]} [item in] learner.fact as name %}}...{{% end{bits[0]} %}}"
    if len(bits) == 6 and bits[2] == "in" and bits[4] == "as":
        item, path, name = parser.compile_filter(bits[1]), bits[3], bits[5]
    elif len(bits) == 4 and bits[2] == "as":
        item, path, name = None, bits[1], bits[3]
    else:
        raise template.TemplateSyntaxError(usage)
    if not path.startswith("learner."):
        raise template.TemplateSyntaxError(usage)
    Variable(path)  # fails now, not when rendering, if it is no variable
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return PersonalFlagNode(item, path, name, nodelist)
