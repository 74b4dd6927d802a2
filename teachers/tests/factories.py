import factory

from teachers.models import Teacher


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    name = factory.Sequence(lambda n: f"Profesora {n}")
    slug = factory.Sequence(lambda n: f"profesora-{n}")
    email = factory.Sequence(lambda n: f"profesora{n}@example.com")
    headline = "Profesora de programación"
    bio = "Enseña desde hace años."
